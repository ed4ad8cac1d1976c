using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.Functions.OperandValues;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>Regular-expression and text-shaping functions; every argument but the string is a constant (see <c>TextSignatures</c>).</summary>
public static class TextFunctions
{
    /// <summary>REGEXP(s, pattern): BOOLEAN, Java find semantics.</summary>
    public static BatchFunction Regexp { get; } = new("REGEXP", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Boolean, s => RegexKernels.Matches(s, RegexCache.Get(ConstantText(a, 1, "REGEXP", "pattern")), p)));

    /// <summary>REGEXP_EXTRACT(s, pattern [, group]); group defaults to 1 (Flink), 0 is the whole match.</summary>
    public static BatchFunction RegexpExtract { get; } = new("REGEXP_EXTRACT", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => RegexKernels.Extract(
            s,
            RegexCache.Get(ConstantText(a, 1, "REGEXP_EXTRACT", "pattern")),
            a.Count > 2 ? (int)ConstantInteger(a, 2, "REGEXP_EXTRACT", "group") : 1,
            p)));

    /// <summary>REGEXP_REPLACE(s, pattern, replacement) with a Java replacement string.</summary>
    public static BatchFunction RegexpReplace { get; } = new("REGEXP_REPLACE", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => RegexKernels.Replace(
            s,
            RegexCache.Get(ConstantText(a, 1, "REGEXP_REPLACE", "pattern")),
            JavaRegex.TranslateReplacement(ConstantText(a, 2, "REGEXP_REPLACE", "replacement")),
            p)));

    public static BatchFunction SplitIndex { get; } = new("SPLIT_INDEX", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.SplitIndex(s, ConstantText(a, 1, "SPLIT_INDEX", "delimiter"), ConstantInteger(a, 2, "SPLIT_INDEX", "index"), p)));

    public static BatchFunction Lpad { get; } = new("LPAD", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.Pad(s, ConstantInteger(a, 1, "LPAD", "length"), ConstantText(a, 2, "LPAD", "pad"), left: true, p)));

    public static BatchFunction Rpad { get; } = new("RPAD", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.Pad(s, ConstantInteger(a, 1, "RPAD", "length"), ConstantText(a, 2, "RPAD", "pad"), left: false, p)));

    public static BatchFunction InitCap { get; } = new("INITCAP", (a, n, live, p) => OnString(a, n, p, SqlType.Varchar, s => TextKernels.InitCap(s, p)));

    public static BatchFunction Reverse { get; } = new("REVERSE", (a, n, live, p) => OnString(a, n, p, SqlType.Varchar, s => TextKernels.Reverse(s, p)));

    public static BatchFunction Left { get; } = new("LEFT", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.Left(s, ConstantInteger(a, 1, "LEFT", "length"), p)));

    public static BatchFunction Right { get; } = new("RIGHT", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.Right(s, ConstantInteger(a, 1, "RIGHT", "length"), p)));

    public static BatchFunction Repeat { get; } = new("REPEAT", (a, n, live, p) =>
        OnString(a, n, p, SqlType.Varchar, s => TextKernels.Repeat(s, ConstantInteger(a, 1, "REPEAT", "count"), p)));

    /// <summary>LOCATE(needle, s, start); the two-argument form resolves to POSITION.</summary>
    public static BatchFunction Locate { get; } = new("LOCATE", (a, n, live, p) =>
    {
        if (AnyNullConstant(a))
        {
            return ColumnFactory.Constant(SqlType.Int, null, n, p);
        }

        using ColumnVector s = a[1].ToColumn(n, p);
        return TextKernels.Locate(s, ConstantText(a, 0, "LOCATE", "needle"), ConstantInteger(a, 2, "LOCATE", "start position"), p);
    });

    /// <summary>Runs <paramref name="kernel"/> on the first operand; a NULL constant anywhere makes every row NULL.</summary>
    private static ColumnVector OnString(IReadOnlyList<Operand> a, int n, BufferPool p, SqlType resultType, Func<ColumnVector, ColumnVector> kernel)
    {
        if (AnyNullConstant(a))
        {
            return ColumnFactory.Constant(resultType, null, n, p);
        }

        using ColumnVector input = a[0].ToColumn(n, p);
        return kernel(input);
    }
}
