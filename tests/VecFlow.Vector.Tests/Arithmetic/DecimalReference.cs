using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Arithmetic;

/// <summary>Exact DECIMAL semantics with BigInteger rationals: the obviously-correct reference for the decimal tests.</summary>
public static class DecimalReference
{
    private static readonly BigInteger[] Powers = Enumerable.Range(0, 160).Select(n => BigInteger.Pow(10, n)).ToArray();

    public static BigInteger Pow10(int n) => Powers[n];

    /// <summary>n / d rounded to the nearest integer, ties away from zero.</summary>
    public static BigInteger RoundHalfUp(BigInteger n, BigInteger d)
    {
        BigInteger q = BigInteger.DivRem(n, d, out BigInteger r);
        if (BigInteger.Abs(r) * 2 >= BigInteger.Abs(d))
        {
            q += n.Sign * d.Sign;
        }

        return q;
    }

    /// <summary>The unscaled result of x op y at DECIMAL(p, s), or false with the SQL error kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCompute(ArithmeticOp op, BigInteger x, int xs, BigInteger y, int ys, int p, int s, out BigInteger result, out SqlErrorKind fault)
    {
        result = default;
        fault = SqlErrorKind.ArithmeticOverflow;
        if (op is ArithmeticOp.Divide or ArithmeticOp.Modulo && y.IsZero)
        {
            fault = SqlErrorKind.DivisionByZero;
            return false;
        }

        // The exact value as numerator / denominator.
        (BigInteger num, BigInteger den) = op switch
        {
            ArithmeticOp.Add => ((x * Pow10(ys)) + (y * Pow10(xs)), Pow10(xs + ys)),
            ArithmeticOp.Subtract => ((x * Pow10(ys)) - (y * Pow10(xs)), Pow10(xs + ys)),
            ArithmeticOp.Multiply => (x * y, Pow10(xs + ys)),
            ArithmeticOp.Divide => (x * Pow10(ys), y * Pow10(xs)),
            _ => (BigInteger.Remainder(x * Pow10(Math.Max(xs, ys) - xs), y * Pow10(Math.Max(xs, ys) - ys)), Pow10(Math.Max(xs, ys))),
        };
        result = RoundHalfUp(num * Pow10(s), den);
        return BigInteger.Abs(result) < Pow10(p);
    }

    /// <summary>A random unscaled value with at most <paramref name="precision"/> digits, often at the extremes.</summary>
    public static BigInteger RandomUnscaled(Random random, int precision)
    {
        BigInteger max = Pow10(precision) - 1;
        switch (random.Next(10))
        {
            case 0:
                return max;
            case 1:
                return -max;
            case 2:
                return BigInteger.Zero;
            default:
                // Up to a random number of digits, so small and large magnitudes are equally likely.
                int digits = random.Next(1, precision + 1);
                var bits = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
                var value = (BigInteger)(bits % (UInt128)Pow10(digits));
                return random.Next(2) == 0 ? -value : value;
        }
    }
}
