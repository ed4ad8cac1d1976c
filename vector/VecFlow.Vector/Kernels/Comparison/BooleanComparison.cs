using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels;

/// <summary>BOOLEAN comparison (FALSE &lt; TRUE) computed 64 rows at a time on the bit-packed values.</summary>
internal static class BooleanComparison
{
    public static void Compare(ReadOnlySpan<ulong> left, ComparisonOp op, ReadOnlySpan<ulong> right, int n, Span<ulong> destination)
    {
        Span<ulong> words = destination[..Bits.WordCount(n)];
        switch (op)
        {
            case ComparisonOp.Equal: BitwiseDriver.Invoke<EqualBits>(left, right, words); break;
            case ComparisonOp.NotEqual: BitwiseDriver.Invoke<NotEqualBits>(left, right, words); break;
            case ComparisonOp.Less: BitwiseDriver.Invoke<LessBits>(left, right, words); break;
            case ComparisonOp.LessOrEqual: BitwiseDriver.Invoke<LessOrEqualBits>(left, right, words); break;
            case ComparisonOp.Greater: BitwiseDriver.Invoke<GreaterBits>(left, right, words); break;
            case ComparisonOp.GreaterOrEqual: BitwiseDriver.Invoke<GreaterOrEqualBits>(left, right, words); break;
            default: throw ComparisonOps.Unknown(op);
        }

        // Complemented operands set the padding; the bitmap invariant wants it clear.
        Bits.ClearPadding(words, n);
    }

    public static void Compare(ReadOnlySpan<ulong> left, ComparisonOp op, bool right, int n, Span<ulong> destination)
    {
        // Broadcast the constant into the destination, which the bitwise driver may read as an input it overwrites.
        Span<ulong> words = destination[..Bits.WordCount(n)];
        words.Fill(right ? ulong.MaxValue : 0UL);
        Compare(left, op, words, n, words);
    }

    private readonly struct EqualBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => ~(a ^ b);

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => ~(a ^ b);
    }

    private readonly struct NotEqualBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a ^ b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;
    }

    private readonly struct LessBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => ~a & b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => Vector256.AndNot(b, a);
    }

    private readonly struct LessOrEqualBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => ~a | b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => ~a | b;
    }

    private readonly struct GreaterBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a & ~b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => Vector256.AndNot(a, b);
    }

    private readonly struct GreaterOrEqualBits : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a | ~b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a | ~b;
    }
}
