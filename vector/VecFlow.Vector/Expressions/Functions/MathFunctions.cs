using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>The numeric scalar functions; argument types are already what the kernels take (see <c>MathSignatures</c>).</summary>
public static class MathFunctions
{
    public static BatchFunction Abs { get; } = new("ABS", (a, n, live, p) =>
    {
        using ColumnVector input = a[0].ToColumn(n, p);
        return MathKernels.Abs(input, live, p);
    });

    public static BatchFunction Sign { get; } = new("SIGN", (a, n, live, p) =>
    {
        using ColumnVector input = a[0].ToColumn(n, p);
        return MathKernels.Sign(input, NumericResultTypes.Sign(input.Type), p);
    });

    public static BatchFunction Floor { get; } = Rounding("FLOOR", RoundingMode.Floor);

    public static BatchFunction Ceil { get; } = Rounding("CEIL", RoundingMode.Ceiling);

    /// <summary>ROUND(x [, digits]); digits is a constant.</summary>
    public static BatchFunction Round { get; } = Rounding("ROUND", RoundingMode.HalfUp);

    /// <summary>TRUNCATE(x [, digits]); digits is a constant.</summary>
    public static BatchFunction Truncate { get; } = Rounding("TRUNCATE", RoundingMode.TowardZero);

    public static BatchFunction Sqrt { get; } = OfDouble("SQRT", DoubleFunction.Sqrt);

    public static BatchFunction Ln { get; } = OfDouble("LN", DoubleFunction.Ln);

    public static BatchFunction Log10 { get; } = OfDouble("LOG10", DoubleFunction.Log10);

    public static BatchFunction Log2 { get; } = OfDouble("LOG2", DoubleFunction.Log2);

    public static BatchFunction Exp { get; } = OfDouble("EXP", DoubleFunction.Exp);

    public static BatchFunction Power { get; } = new("POWER", (a, n, live, p) =>
    {
        using OperandValues.ColumnSet c = OperandValues.Columns(a, n, p);
        return MathKernels.Power(c[0], c[1], live, p);
    });

    /// <summary>LOG(base, x).</summary>
    public static BatchFunction Log { get; } = new("LOG", (a, n, live, p) =>
    {
        using OperandValues.ColumnSet c = OperandValues.Columns(a, n, p);
        return MathKernels.Log(c[0], c[1], live, p);
    });

    private static BatchFunction OfDouble(string name, DoubleFunction function) =>
        new(name, (a, n, live, p) =>
        {
            using ColumnVector input = a[0].ToColumn(n, p);
            return MathKernels.Apply(input, function, live, p);
        });

    private static BatchFunction Rounding(string name, RoundingMode mode) =>
        new(name, (a, n, live, p) =>
        {
            int digits = a.Count > 1 ? (int)OperandValues.ConstantInteger(a, 1, name, "number of digits") : 0;
            using ColumnVector input = a[0].ToColumn(n, p);
            var type = mode is RoundingMode.Floor or RoundingMode.Ceiling ? NumericResultTypes.FloorOrCeiling(input.Type) : NumericResultTypes.Round(input.Type, digits);
            return MathKernels.Round(input, digits, mode, type, live, p);
        });
}
