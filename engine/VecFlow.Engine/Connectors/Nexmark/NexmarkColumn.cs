using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>How a declared column's type is reached from its field's native type.</summary>
internal enum NexmarkConversion
{
    /// <summary>Generated straight into the declared type (same layout: same type, nullability, TIMESTAMP as TIMESTAMP_LTZ).</summary>
    Direct,

    /// <summary>A VARCHAR(n) or NOT NULL text column: the text is kept whole (Flink's source does not truncate either) and the column relabelled.</summary>
    Relabel,

    /// <summary>A lossless CAST (integer widening, to DECIMAL, INT to DOUBLE, to text).</summary>
    Cast,
}

/// <summary>A physical column of a nexmark table bound to the generated field it shows.</summary>
internal sealed record NexmarkColumn(string Name, NexmarkField Field, SqlType Type, NexmarkConversion Conversion)
{
    /// <summary>Longest text of any native value cast to VARCHAR ("yyyy-MM-dd HH:mm:ss.SSS", or a BIGINT with its sign).</summary>
    private const int LongestText = 23;

    /// <summary>Binds <paramref name="name"/> declared as <paramref name="declared"/>, or explains why it cannot be.</summary>
    public static NexmarkColumn Bind(string table, string name, SqlType declared, NexmarkOptions options)
    {
        NexmarkField field = NexmarkSchema.Find(name) ?? throw new ConnectorException(
            $"Table '{table}' declares column '{name}', which the nexmark connector does not generate; valid columns are: {string.Join(", ", NexmarkSchema.Fields.Names)}.");
        SqlType native = NexmarkSchema.TypeOf(field);
        NexmarkConversion conversion = ConversionOf(native, declared) ?? throw new ConnectorException(
            $"Column '{name}' of table '{table}' is declared {declared.WithNullable(true)}, but the nexmark field is {native.WithNullable(true)} and cannot be converted to it without loss; declare it {native.WithNullable(true)} or a wider type.");
        if (!declared.Nullable && NexmarkSchema.KindOf(field) is { } kind && HasOtherKinds(kind, options))
        {
            throw new ConnectorException(
                $"Column '{name}' of table '{table}' is declared NOT NULL, but it is NULL in every event that is not a {kind.ToString().ToLowerInvariant()}; declare it nullable.");
        }

        return new NexmarkColumn(name, field, declared, conversion);
    }

    private static NexmarkConversion? ConversionOf(SqlType native, SqlType declared)
    {
        if (declared.Kind == native.Kind)
        {
            return declared.Kind == SqlTypeKind.Varchar && declared != native ? NexmarkConversion.Relabel : NexmarkConversion.Direct;
        }

        if (native.Kind == SqlTypeKind.Timestamp && declared.Kind == SqlTypeKind.TimestampLtz)
        {
            // Both are epoch milliseconds; the generated times are UTC.
            return NexmarkConversion.Direct;
        }

        bool lossless = native.IsInteger && declared.IsInteger ? declared.IntegerDigits >= native.IntegerDigits
            : native.IsInteger && declared.Kind == SqlTypeKind.Decimal ? declared.Precision - declared.Scale >= native.IntegerDigits
            : native.Kind == SqlTypeKind.Int && declared.Kind == SqlTypeKind.Double ? true
            : declared.Kind == SqlTypeKind.Varchar && declared.Precision >= LongestText;
        return lossless ? NexmarkConversion.Cast : null;
    }

    private static bool HasOtherKinds(NexmarkEventKind kind, NexmarkOptions options) => kind switch
    {
        NexmarkEventKind.Person => options.AuctionProportion + options.BidProportion > 0,
        NexmarkEventKind.Auction => options.PersonProportion + options.BidProportion > 0,
        _ => options.PersonProportion + options.AuctionProportion > 0,
    };
}
