using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.SignatureRules;

namespace VecFlow.Vector.Expressions;

/// <summary>Signatures of the date and time functions: EXTRACT and its shorthands, FLOOR / CEIL TO unit, TIMESTAMPADD, TIMESTAMPDIFF, DATE_FORMAT, TO_TIMESTAMP, TO_DATE.</summary>
/// <remarks>Units arrive as uppercase VARCHAR literals (<c>EXTRACT('HOUR', ts)</c>); formats must be literals and are checked here.</remarks>
internal static class TemporalSignatures
{
    private static readonly TemporalUnit[] StepUnits =
    [
        TemporalUnit.Year, TemporalUnit.Quarter, TemporalUnit.Month, TemporalUnit.Week, TemporalUnit.Day,
        TemporalUnit.Hour, TemporalUnit.Minute, TemporalUnit.Second, TemporalUnit.Millisecond,
    ];

    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
        table["EXTRACT"] = Extract;
        foreach ((string name, string unit) in new[]
        {
            ("YEAR", "YEAR"), ("QUARTER", "QUARTER"), ("MONTH", "MONTH"), ("WEEK", "WEEK"), ("DAYOFYEAR", "DOY"),
            ("DAYOFMONTH", "DAY"), ("DAYOFWEEK", "DOW"), ("HOUR", "HOUR"), ("MINUTE", "MINUTE"), ("SECOND", "SECOND"),
        })
        {
            table[name] = a =>
            {
                Require(a.Count == 1, $"{name}(date or timestamp)", a);
                return Extract([new Literal(ScalarValue.String(unit)), a[0]]);
            };
        }

        table["TIMESTAMPADD"] = TimestampAdd;
        table["TIMESTAMPDIFF"] = TimestampDiff;
        table["DATE_FORMAT"] = DateFormat;
        table["TO_TIMESTAMP"] = a => Parse(TemporalFunctions.ToTimestamp, a, "TO_TIMESTAMP(string [, format literal])", SqlType.Timestamp);
        table["TO_DATE"] = a => Parse(TemporalFunctions.ToDate, a, "TO_DATE(string [, format literal])", SqlType.Date);
    }

    /// <summary>FLOOR / CEIL(x TO unit), arriving as FLOOR(x, 'UNIT').</summary>
    public static Expr FloorOrCeil(IReadOnlyList<Expr> a, bool ceiling)
    {
        string signature = (ceiling ? "CEIL" : "FLOOR") + "(date or timestamp TO unit)";
        Require(a.Count == 2 && IsDateOrTimestamp(a[0].Type) && IsText(a[1].Type), signature, a);
        TemporalUnit unit = Unit(a[1], signature, [.. StepUnits, TemporalUnit.Decade, TemporalUnit.Century, TemporalUnit.Millennium]);
        Expr x = IsNull(a[0].Type) ? Cast(a[0], SqlType.Timestamp) : a[0];
        if (x.Type.Kind == SqlTypeKind.Date && TemporalUnits.FixedMillis(unit) is > 0 and < CivilCalendar.MillisPerDay)
        {
            x = Cast(x, SqlType.Timestamp);
        }

        return new FunctionCall(ceiling ? TemporalFunctions.CeilTo : TemporalFunctions.FloorTo, [x, new Literal(ScalarValue.String(TemporalUnits.Name(unit)))], x.Type);
    }

    private static FunctionCall Extract(IReadOnlyList<Expr> a)
    {
        const string signature = "EXTRACT(unit FROM date, time, timestamp or interval)";
        Require(a.Count == 2 && IsText(a[0].Type), signature, a);
        SqlType type = a[1].Type;
        Require(type.IsTemporal || type.Kind is SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth || IsNull(type), signature, a);
        TemporalUnit unit = Unit(a[0], signature, Enum.GetValues<TemporalUnit>());
        bool timeOfDay = unit is TemporalUnit.Hour or TemporalUnit.Minute or TemporalUnit.Second or TemporalUnit.Millisecond;
        if ((type.Kind == SqlTypeKind.Time && !timeOfDay)
            || (type.Kind == SqlTypeKind.IntervalYearMonth && unit is not (TemporalUnit.Year or TemporalUnit.Quarter or TemporalUnit.Month))
            || (type.Kind == SqlTypeKind.IntervalDayTime && !timeOfDay && unit is not (TemporalUnit.Day or TemporalUnit.Epoch)))
        {
            throw new FunctionResolutionException($"EXTRACT({TemporalUnits.Name(unit)} FROM {type.WithNullable(true)}) is not defined; that type has no such field.");
        }

        Expr x = IsNull(type) ? Cast(a[1], SqlType.Timestamp) : a[1];
        return new FunctionCall(TemporalFunctions.Extract, [new Literal(ScalarValue.String(TemporalUnits.Name(unit))), x], SqlType.BigInt.WithNullable(x.Type.Nullable));
    }

    private static FunctionCall TimestampAdd(IReadOnlyList<Expr> a)
    {
        const string signature = "TIMESTAMPADD(unit, integer, date or timestamp)";
        Require(a.Count == 3 && IsText(a[0].Type) && IsInteger(a[1].Type) && IsDateOrTimestamp(a[2].Type), signature, a);
        TemporalUnit unit = Unit(a[0], signature, StepUnits);
        Expr x = IsNull(a[2].Type) ? Cast(a[2], SqlType.Timestamp) : a[2];
        SqlType result = TemporalResultTypes.TimestampAdd(unit, x.Type).WithNullable(a[1].Type.Nullable || x.Type.Nullable);
        return new FunctionCall(TemporalFunctions.TimestampAdd, [UnitLiteral(unit), Cast(a[1], SqlType.BigInt), x], result);
    }

    private static FunctionCall TimestampDiff(IReadOnlyList<Expr> a)
    {
        const string signature = "TIMESTAMPDIFF(unit, date or timestamp, date or timestamp)";
        Require(a.Count == 3 && IsText(a[0].Type) && IsDateOrTimestamp(a[1].Type) && IsDateOrTimestamp(a[2].Type), signature, a);
        TemporalUnit unit = Unit(a[0], signature, StepUnits);
        Expr from = IsNull(a[1].Type) ? Cast(a[1], SqlType.Timestamp) : a[1];
        Expr to = IsNull(a[2].Type) ? Cast(a[2], SqlType.Timestamp) : a[2];
        return new FunctionCall(TemporalFunctions.TimestampDiff, [UnitLiteral(unit), from, to], SqlType.Int.WithNullable(from.Type.Nullable || to.Type.Nullable));
    }

    private static Expr DateFormat(IReadOnlyList<Expr> a)
    {
        const string signature = "DATE_FORMAT(date, timestamp or string, format literal)";
        Require(a.Count == 2 && (IsDateOrTimestamp(a[0].Type) || IsText(a[0].Type)) && IsText(a[1].Type), signature, a);
        string? format = TextLiteral(a[1], signature, "the format");
        if (format is null)
        {
            return NullOf(SqlType.Varchar);
        }

        CheckFormat(format, "DATE_FORMAT");
        Expr x = IsNull(a[0].Type) ? Cast(a[0], SqlType.Timestamp) : a[0];

        // A string is parsed first, and may not parse: then the result is NULL.
        bool nullable = x.Type.Nullable || x.Type.Kind == SqlTypeKind.Varchar;
        return new FunctionCall(TemporalFunctions.DateFormat, [x, a[1]], SqlType.Varchar.WithNullable(nullable));
    }

    private static Expr Parse(ScalarFunction function, IReadOnlyList<Expr> a, string signature, SqlType target)
    {
        Require(a.Count is 1 or 2 && IsText(a[0].Type) && (a.Count == 1 || IsText(a[1].Type)), signature, a);
        Expr s = IsNull(a[0].Type) ? Cast(a[0], SqlType.Varchar) : a[0];
        if (a.Count == 1)
        {
            return new FunctionCall(function, [s], target.WithNullable(true));
        }

        string? format = TextLiteral(a[1], signature, "the format");
        if (format is null)
        {
            return NullOf(target);
        }

        CheckFormat(format, function.Name);
        return new FunctionCall(function, [s, a[1]], target.WithNullable(true));
    }

    private static void CheckFormat(string format, string function)
    {
        try
        {
            _ = DateFormatCache.Get(format);
        }
        catch (ArgumentException error)
        {
            throw new FunctionResolutionException($"{function}: {error.Message}");
        }
    }

    private static Literal UnitLiteral(TemporalUnit unit) => new(ScalarValue.String(TemporalUnits.Name(unit)));

    private static TemporalUnit Unit(Expr argument, string signature, TemporalUnit[] valid)
    {
        string? name = TextLiteral(argument, signature, "the time unit");
        TemporalUnit? unit = TemporalUnits.Parse(name);
        if (unit is null || !valid.Contains(unit.Value))
        {
            throw new FunctionResolutionException(
                $"{signature.Split('(')[0]} has no time unit '{name}'; valid: {string.Join(" ", valid.Select(TemporalUnits.Name))}.");
        }

        return unit.Value;
    }
}
