using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.Functions.OperandValues;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>Date and time functions; units and formats are constants (see <c>TemporalSignatures</c>).</summary>
public static class TemporalFunctions
{
    /// <summary>EXTRACT(unit, x) -&gt; BIGINT; also YEAR(x), MONTH(x), HOUR(x), ... with the unit filled in.</summary>
    public static BatchFunction Extract { get; } = new("EXTRACT", (a, n, live, p) =>
        AllNullOr(a, n, p, SqlType.BigInt, () =>
        {
            using ColumnVector input = a[1].ToColumn(n, p);
            return TemporalKernels.Extract(input, Unit(a, 0, "EXTRACT"), p);
        }));

    /// <summary>FLOOR(x, unit).</summary>
    public static BatchFunction FloorTo { get; } = Truncation("FLOOR", ceiling: false);

    /// <summary>CEIL(x, unit).</summary>
    public static BatchFunction CeilTo { get; } = Truncation("CEIL", ceiling: true);

    /// <summary>TIMESTAMPADD(unit, count, x).</summary>
    public static BatchFunction TimestampAdd { get; } = new("TIMESTAMPADD", (a, n, live, p) =>
    {
        TemporalUnit unit = Unit(a, 0, "TIMESTAMPADD");
        SqlType input = a[2].Type;
        SqlType result = TemporalResultTypes.TimestampAdd(unit, input);
        if (AnyNullConstant(a))
        {
            return ColumnFactory.Constant(result, null, n, p);
        }

        using ColumnVector count = a[1].ToColumn(n, p);
        using ColumnVector value = a[2].ToColumn(n, p);
        return TemporalKernels.Add(unit, count, value, result, live, p);
    });

    /// <summary>TIMESTAMPDIFF(unit, from, to) -&gt; INT.</summary>
    public static BatchFunction TimestampDiff { get; } = new("TIMESTAMPDIFF", (a, n, live, p) =>
    {
        if (AnyNullConstant(a))
        {
            return ColumnFactory.Constant(SqlType.Int, null, n, p);
        }

        using ColumnVector from = a[1].ToColumn(n, p);
        using ColumnVector to = a[2].ToColumn(n, p);
        return TemporalKernels.Difference(Unit(a, 0, "TIMESTAMPDIFF"), from, to, live, p);
    });

    /// <summary>DATE_FORMAT(x, format) of a DATE or TIMESTAMP; a VARCHAR x is first parsed as a timestamp (NULL if it does not parse).</summary>
    public static BatchFunction DateFormat { get; } = new("DATE_FORMAT", (a, n, live, p) =>
        AllNullOr(a, n, p, SqlType.Varchar, () =>
        {
            JavaDateFormat format = Format(a, 1, "DATE_FORMAT");
            using ColumnVector input = a[0].ToColumn(n, p);
            if (input.Type.Kind != SqlTypeKind.Varchar)
            {
                return TemporalKernels.Format(input, format, p);
            }

            using ColumnVector parsed = TemporalKernels.Parse(input, null, SqlType.Timestamp, p);
            return TemporalKernels.Format(parsed, format, p);
        }));

    /// <summary>TO_TIMESTAMP(s [, format]).</summary>
    public static BatchFunction ToTimestamp { get; } = Parsing("TO_TIMESTAMP", SqlType.Timestamp);

    /// <summary>TO_DATE(s [, format]).</summary>
    public static BatchFunction ToDate { get; } = Parsing("TO_DATE", SqlType.Date);

    private static BatchFunction Truncation(string name, bool ceiling) => new(name, (a, n, live, p) =>
    {
        if (AnyNullConstant(a))
        {
            return ColumnFactory.Constant(a[0].Type, null, n, p);
        }

        using ColumnVector input = a[0].ToColumn(n, p);
        return TemporalKernels.Truncate(input, Unit(a, 1, name), ceiling, live, p);
    });

    private static BatchFunction Parsing(string name, SqlType target) => new(name, (a, n, live, p) =>
        AllNullOr(a, n, p, target, () =>
        {
            JavaDateFormat? format = a.Count > 1 ? Format(a, 1, name) : null;
            using ColumnVector input = a[0].ToColumn(n, p);
            return TemporalKernels.Parse(input, format, target, p);
        }));

    private static ColumnVector AllNullOr(IReadOnlyList<Operand> a, int n, BufferPool p, SqlType type, Func<ColumnVector> compute) =>
        AnyNullConstant(a) ? ColumnFactory.Constant(type, null, n, p) : compute();

    private static TemporalUnit Unit(IReadOnlyList<Operand> a, int index, string function) =>
        TemporalUnits.Parse(ConstantText(a, index, function, "time unit"))
        ?? throw new NotSupportedException($"{function} has no time unit '{ConstantText(a, index, function, "time unit")}'; valid: {TemporalUnits.All}.");

    private static JavaDateFormat Format(IReadOnlyList<Operand> a, int index, string function) =>
        DateFormatCache.Get(ConstantText(a, index, function, "format"));
}
