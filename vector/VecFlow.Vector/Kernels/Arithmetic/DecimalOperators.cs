using System.Numerics;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Errors;

namespace VecFlow.Vector.Kernels;

/// <summary>A DECIMAL operation that knows its operand scales and result type (instance state, unlike the static operator structs).</summary>
internal interface IDecimalOperator
{
    bool TryInvoke(Int128 x, Int128 y, out Int128 result);

    SqlRuntimeException Failure(int row, Int128 x, Int128 y);
}

/// <summary>Operand scales and result DECIMAL(precision, scale) of one decimal operation.</summary>
internal readonly record struct DecimalShape(int XScale, int YScale, int Precision, int Scale)
{
    public string X(Int128 value) => DecimalMath.Format(value, XScale);

    public string Y(Int128 value) => DecimalMath.Format(value, YScale);

    public SqlRuntimeException Overflow(int row, Int128 x, char op, Int128 y, BigInteger exact, int exactScale) =>
        new(
            SqlErrorKind.ArithmeticOverflow,
            row,
            $"DECIMAL overflow: {X(x)} {op} {Y(y)} = {DecimalMath.Format(exact, exactScale)} does not fit the result type DECIMAL({Precision}, {Scale})");

    public BigInteger AtCommonScale(Int128 value, int scale) =>
        (BigInteger)value * BigInteger.Pow(10, Math.Max(XScale, YScale) - scale);
}

/// <summary>DECIMAL x + y, exact, rounded HALF_UP to the result scale.</summary>
internal readonly struct DecimalAdd(DecimalShape shape) : IDecimalOperator
{
    public bool TryInvoke(Int128 x, Int128 y, out Int128 result) =>
        DecimalMath.TryAdd(x, shape.XScale, y, shape.YScale, shape.Precision, shape.Scale, out result);

    public SqlRuntimeException Failure(int row, Int128 x, Int128 y) =>
        shape.Overflow(row, x, '+', y, shape.AtCommonScale(x, shape.XScale) + shape.AtCommonScale(y, shape.YScale), Math.Max(shape.XScale, shape.YScale));
}

/// <summary>DECIMAL x - y, exact, rounded HALF_UP to the result scale.</summary>
internal readonly struct DecimalSubtract(DecimalShape shape) : IDecimalOperator
{
    public bool TryInvoke(Int128 x, Int128 y, out Int128 result) =>
        DecimalMath.TrySubtract(x, shape.XScale, y, shape.YScale, shape.Precision, shape.Scale, out result);

    public SqlRuntimeException Failure(int row, Int128 x, Int128 y) =>
        shape.Overflow(row, x, '-', y, shape.AtCommonScale(x, shape.XScale) - shape.AtCommonScale(y, shape.YScale), Math.Max(shape.XScale, shape.YScale));
}

/// <summary>DECIMAL x * y, exact, rounded HALF_UP to the result scale.</summary>
internal readonly struct DecimalMultiply(DecimalShape shape) : IDecimalOperator
{
    private readonly bool _exactScale = shape.XScale + shape.YScale == shape.Scale;

    public bool TryInvoke(Int128 x, Int128 y, out Int128 result)
    {
        // Operands of up to 18 digits (most columns) multiply exactly in one 64x64->128 step; with the product already
        // at the result scale only the precision is left to check.
        if (_exactScale && (long)x == x && (long)y == y)
        {
            long high = Math.BigMul((long)x, (long)y, out long low);
            result = new Int128((ulong)high, (ulong)low);
            return DecimalMath.FitsPrecision(result, shape.Precision);
        }

        return DecimalMath.TryMultiply(x, shape.XScale, y, shape.YScale, shape.Precision, shape.Scale, out result);
    }

    public SqlRuntimeException Failure(int row, Int128 x, Int128 y) =>
        shape.Overflow(row, x, '*', y, (BigInteger)x * (BigInteger)y, shape.XScale + shape.YScale);
}

/// <summary>DECIMAL x / y rounded HALF_UP to the result scale; a zero divisor is a division-by-zero error.</summary>
internal readonly struct DecimalDivide(DecimalShape shape) : IDecimalOperator
{
    public bool TryInvoke(Int128 x, Int128 y, out Int128 result) =>
        DecimalMath.TryDivide(x, shape.XScale, y, shape.YScale, shape.Precision, shape.Scale, out result);

    public SqlRuntimeException Failure(int row, Int128 x, Int128 y)
    {
        if (y == Int128.Zero)
        {
            return ArithmeticErrors.DivisionByZero(row, shape.X(x), '/', shape.Y(y));
        }

        // The quotient at the result scale, truncated: enough to show how large it is.
        BigInteger numerator = (BigInteger)x * BigInteger.Pow(10, shape.Scale + shape.YScale);
        BigInteger quotient = numerator / ((BigInteger)y * BigInteger.Pow(10, shape.XScale));
        return shape.Overflow(row, x, '/', y, quotient, shape.Scale);
    }
}

/// <summary>DECIMAL x % y with the sign of x; a zero divisor is a division-by-zero error.</summary>
internal readonly struct DecimalModulo(DecimalShape shape) : IDecimalOperator
{
    public bool TryInvoke(Int128 x, Int128 y, out Int128 result) =>
        DecimalMath.TryModulo(x, shape.XScale, y, shape.YScale, shape.Precision, shape.Scale, out result);

    public SqlRuntimeException Failure(int row, Int128 x, Int128 y) =>
        y == Int128.Zero
            ? ArithmeticErrors.DivisionByZero(row, shape.X(x), '%', shape.Y(y))
            : shape.Overflow(row, x, '%', y, BigInteger.Remainder(shape.AtCommonScale(x, shape.XScale), shape.AtCommonScale(y, shape.YScale)), Math.Max(shape.XScale, shape.YScale));
}
