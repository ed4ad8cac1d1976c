using System.Globalization;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>How the datagen source fills one column: random within bounds or a sequence, with a NULL rate.</summary>
internal sealed class DatagenField
{
    public static readonly string[] Properties = ["kind", "min", "max", "max-past", "length", "start", "end", "null-rate"];

    private DatagenField(Field field)
    {
        Field = field;
    }

    public Field Field { get; }

    public SqlType Type => Field.Type;

    public bool IsSequence { get; private init; }

    /// <summary>Sequence start and end (inclusive), as integers; DECIMAL sequences count in whole units.</summary>
    public long Start { get; private init; }

    public long End { get; private init; }

    /// <summary>Random bounds of integer types (inclusive), or unscaled DECIMAL bounds.</summary>
    public Int128 MinInteger { get; private init; }

    public Int128 MaxInteger { get; private init; }

    /// <summary>Random bounds of FLOAT and DOUBLE.</summary>
    public double MinFloating { get; private init; }

    public double MaxFloating { get; private init; }

    /// <summary>Random string length.</summary>
    public int Length { get; private init; }

    /// <summary>How far in the past random temporal values reach, in milliseconds.</summary>
    public long MaxPastMillis { get; private init; }

    public double NullRate { get; private init; }

    /// <summary>The rows a sequence has (end - start + 1), or null for random columns.</summary>
    public long? SequenceRows => IsSequence ? End - Start + 1 : null;

    public static DatagenField From(Field field, IReadOnlyDictionary<string, string> properties, string table)
    {
        string Where(string property) => $"option 'fields.{field.Name}.{property}' of table '{table}'";
        string? Get(string property) => properties.TryGetValue(property, out string? v) ? v.Trim() : null;
        SqlType type = field.Type;
        if (type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt
            or SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal or SqlTypeKind.Varchar or SqlTypeKind.Date
            or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ConnectorException($"The datagen connector cannot generate column '{field.Name}' of type {type} on table '{table}'.");
        }

        string kind = (Get("kind") ?? "random").ToLowerInvariant();
        if (kind is not ("random" or "sequence"))
        {
            throw new ConnectorException($"The {Where("kind")} must be 'random' or 'sequence', not '{Get("kind")}'.");
        }

        double nullRate = Double(Get("null-rate"), 0, Where("null-rate"));
        if (nullRate is < 0 or > 1)
        {
            throw new ConnectorException($"The {Where("null-rate")} must be between 0 and 1, not {nullRate}.");
        }

        if (kind == "sequence")
        {
            if (!(type.IsNumeric || type.Kind == SqlTypeKind.Varchar))
            {
                throw new ConnectorException($"Column '{field.Name}' of table '{table}' is {type}; a datagen sequence needs a numeric or string column.");
            }

            foreach (string p in (string[])["min", "max", "max-past", "length"])
            {
                Reject(Get(p), Where(p), "a sequence (use 'start' and 'end')");
            }

            long start = Long(Get("start") ?? throw new ConnectorException($"A datagen sequence needs the {Where("start")}."), Where("start"));
            long end = Long(Get("end") ?? throw new ConnectorException($"A datagen sequence needs the {Where("end")}."), Where("end"));
            if (end < start)
            {
                throw new ConnectorException($"The {Where("end")} ({end}) is before its start ({start}).");
            }

            if (type.IsInteger && (start < Limits(type).Min || end > Limits(type).Max))
            {
                throw new ConnectorException($"The datagen sequence {start}..{end} of column '{field.Name}' of table '{table}' does not fit {type}.");
            }

            if (type.Kind == SqlTypeKind.Decimal
                && (!DecimalMath.FitsPrecision((Int128)start * DecimalMath.Pow10(type.Scale), type.Precision)
                    || !DecimalMath.FitsPrecision((Int128)end * DecimalMath.Pow10(type.Scale), type.Precision)))
            {
                throw new ConnectorException($"The datagen sequence {start}..{end} of column '{field.Name}' of table '{table}' does not fit {type}.");
            }

            return new DatagenField(field) { IsSequence = true, Start = start, End = end, NullRate = nullRate };
        }

        Reject(Get("start"), Where("start"), "random values (use 'min' and 'max', or 'kind' = 'sequence')");
        Reject(Get("end"), Where("end"), "random values (use 'min' and 'max', or 'kind' = 'sequence')");
        if (type.IsInteger)
        {
            (long min, long max) = Limits(type);
            long lo = Get("min") is string a ? Long(a, Where("min")) : min;
            long hi = Get("max") is string b ? Long(b, Where("max")) : max;
            Check(lo, hi, min, max, field, table);
            return new DatagenField(field) { MinInteger = lo, MaxInteger = hi, NullRate = nullRate };
        }

        if (type.Kind == SqlTypeKind.Decimal)
        {
            Int128 limit = DecimalMath.Pow10(type.Precision) - 1;
            Int128 lo = Get("min") is string a ? Decimal(a, type, Where("min")) : -limit;
            Int128 hi = Get("max") is string b ? Decimal(b, type, Where("max")) : limit;
            if (hi < lo)
            {
                throw new ConnectorException($"The {Where("max")} is below its min.");
            }

            return new DatagenField(field) { MinInteger = lo, MaxInteger = hi, NullRate = nullRate };
        }

        if (type.IsFloating)
        {
            double max = type.Kind == SqlTypeKind.Float ? float.MaxValue : double.MaxValue;
            double lo = Double(Get("min"), 0, Where("min"));
            double hi = Double(Get("max"), max, Where("max"));
            if (hi < lo)
            {
                throw new ConnectorException($"The {Where("max")} ({hi}) is below its min ({lo}).");
            }

            return new DatagenField(field) { MinFloating = lo, MaxFloating = hi, NullRate = nullRate };
        }

        foreach (string p in (string[])["min", "max"])
        {
            Reject(Get(p), Where(p), $"a {type} column");
        }

        if (type.Kind == SqlTypeKind.Varchar)
        {
            Reject(Get("max-past"), Where("max-past"), "a string column");
            long length = Get("length") is string l ? Long(l, Where("length")) : 100;
            if (length is < 0 or > 1_000_000)
            {
                throw new ConnectorException($"The {Where("length")} must be 0..1000000, not {length}.");
            }

            return new DatagenField(field) { Length = (int)length, NullRate = nullRate };
        }

        Reject(Get("length"), Where("length"), $"a {type} column");
        long maxPast = Get("max-past") is string m ? Duration(m, Where("max-past")) : 0;
        return new DatagenField(field) { MaxPastMillis = maxPast, NullRate = nullRate };
    }

    private static (long Min, long Max) Limits(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => (sbyte.MinValue, sbyte.MaxValue),
        SqlTypeKind.SmallInt => (short.MinValue, short.MaxValue),
        SqlTypeKind.Int => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    private static void Check(long lo, long hi, long min, long max, Field field, string table)
    {
        if (lo < min || hi > max || hi < lo)
        {
            throw new ConnectorException(
                $"The datagen bounds {lo}..{hi} of column '{field.Name}' of table '{table}' must satisfy min <= max within {field.Type} ({min}..{max}).");
        }
    }

    private static void Reject(string? value, string where, string what)
    {
        if (value is not null)
        {
            throw new ConnectorException($"The {where} does not apply to {what}.");
        }
    }

    private static long Long(string text, string where) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new ConnectorException($"The {where} must be an integer, not '{text}'.");

    private static double Double(string? text, double fallback, string where) =>
        text is null ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw new ConnectorException($"The {where} must be a number, not '{text}'.");

    private static Int128 Decimal(string text, SqlType type, string where) =>
        DecimalMath.TryParse(text.AsSpan(), type.Precision, type.Scale, out Int128 v) == DecimalParseStatus.Ok
            ? v
            : throw new ConnectorException($"The {where} must be a number that fits {type}, not '{text}'.");

    /// <summary>A duration: milliseconds, or a number with ms, s, min, h or d (Flink's duration forms).</summary>
    private static long Duration(string text, string where)
    {
        string s = text.Trim().ToLowerInvariant();
        int split = 0;
        while (split < s.Length && char.IsAsciiDigit(s[split]))
        {
            split++;
        }

        long unit = s[split..].Trim() switch
        {
            "" or "ms" or "milli" or "millis" => 1,
            "s" or "sec" or "second" or "seconds" => 1000,
            "min" or "minute" or "minutes" => 60_000,
            "h" or "hour" or "hours" => 3_600_000,
            "d" or "day" or "days" => 86_400_000,
            _ => 0,
        };
        return split > 0 && unit > 0 && long.TryParse(s[..split], NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? checked(v * unit)
            : throw new ConnectorException($"The {where} must be a duration like '5000', '10 s', '1 h' or '7 d', not '{text}'.");
    }
}
