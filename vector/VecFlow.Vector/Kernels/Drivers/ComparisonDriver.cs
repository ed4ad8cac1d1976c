using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for comparisons: writes one bit per row (LSB-first words) where the comparison holds.</summary>
/// <remarks>
/// Each 64-row word is assembled in a register from the movemask of 64/lanes vector comparisons and stored once. The
/// last partial word takes an overlapping vector shifted into place. Bits past the row count are written as zero;
/// exactly <c>WordCount(n)</c> words are written. Dispatches on the widest vector the hardware accelerates; the
/// column-constant shape is the column-column loop with the right operand broadcast instead of loaded.
/// </remarks>
[SkipLocalsInit]
public static class ComparisonDriver
{
    /// <summary>The vector width a comparison loop runs at; tests force each one, production code takes the best.</summary>
    internal enum Width
    {
        Scalar,
        Vector128,
        Vector256,
        Vector512,
    }

    /// <summary>Operand shapes of the right-hand side: a column (one value per row) or a constant broadcast to every row.</summary>
    private interface IRightOperand<T>
    {
        static abstract T Load(ref T y, nuint at);

        static abstract Vector128<T> Load128(ref T y, nuint at);

        static abstract Vector256<T> Load256(ref T y, nuint at);

        static abstract Vector512<T> Load512(ref T y, nuint at);
    }

    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<ulong> destination)
        where TOp : IComparisonOperator<T> =>
        Invoke<T, TOp>(x, y, destination, BestWidth<T, TOp>(x.Length));

    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, T y, Span<ulong> destination)
        where TOp : IComparisonOperator<T> =>
        Invoke<T, TOp>(x, y, destination, BestWidth<T, TOp>(x.Length));

    /// <summary>Column-column at a given width (falls back to scalar when the input is shorter than one vector).</summary>
    internal static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<ulong> destination, Width width)
        where TOp : IComparisonOperator<T>
    {
        int n = x.Length;
        if (y.Length < n || destination.Length < Bitmaps.Bits.WordCount(n))
        {
            throw new ArgumentException("Inputs or destination are too short.");
        }

        Run<T, TOp, RightColumn<T>>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), n, destination, width);
    }

    /// <summary>Column-constant at a given width (falls back to scalar when the input is shorter than one vector).</summary>
    internal static void Invoke<T, TOp>(ReadOnlySpan<T> x, T y, Span<ulong> destination, Width width)
        where TOp : IComparisonOperator<T>
    {
        int n = x.Length;
        if (destination.Length < Bitmaps.Bits.WordCount(n))
        {
            throw new ArgumentException("Destination is too short.");
        }

        Run<T, TOp, RightConstant<T>>(ref MemoryMarshal.GetReference(x), ref y, n, destination, width);
    }

    internal static Width BestWidth<T, TOp>(int n)
        where TOp : IComparisonOperator<T>
    {
        if (!TOp.Vectorizable)
        {
            return Width.Scalar;
        }

        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
        {
            return Width.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            return Width.Vector256;
        }

        return Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= Vector128<T>.Count ? Width.Vector128 : Width.Scalar;
    }

    private static void Run<T, TOp, TRight>(ref T rx, ref T ry, int n, Span<ulong> destination, Width width)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T>
    {
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable)
        {
            // A forced width still needs one whole vector for the overlapping tail, and an element type the vector holds.
            if (width == Width.Vector512 && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
            {
                Words512<T, TOp, TRight>(ref rx, ref ry, n, ref rd);
                return;
            }

            if (width == Width.Vector256 && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
            {
                Words256<T, TOp, TRight>(ref rx, ref ry, n, ref rd);
                return;
            }

            if (width == Width.Vector128 && Vector128<T>.IsSupported && n >= Vector128<T>.Count)
            {
                Words128<T, TOp, TRight>(ref rx, ref ry, n, ref rd);
                return;
            }
        }

        WordsScalar<T, TOp, TRight>(ref rx, ref ry, n, ref rd);
    }

    private static void Words512<T, TOp, TRight>(ref T rx, ref T ry, int n, ref ulong rd)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T>
    {
        int lanes = Vector512<T>.Count;
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            ulong word = 0;
            for (int k = 0; k < 64; k += lanes)
            {
                word |= Mask512<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }

        if (i < n)
        {
            ulong word = 0;
            int k = 0;
            for (; i + k + lanes <= n; k += lanes)
            {
                word |= Mask512<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            int rest = n - i - k;
            if (rest > 0)
            {
                word |= (Mask512<T, TOp, TRight>(ref rx, ref ry, (nuint)(n - lanes)) >> (lanes - rest)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }
    }

    private static void Words256<T, TOp, TRight>(ref T rx, ref T ry, int n, ref ulong rd)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T>
    {
        int lanes = Vector256<T>.Count;
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            ulong word = 0;
            for (int k = 0; k < 64; k += lanes)
            {
                word |= Mask256<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }

        if (i < n)
        {
            ulong word = 0;
            int k = 0;
            for (; i + k + lanes <= n; k += lanes)
            {
                word |= Mask256<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            int rest = n - i - k;
            if (rest > 0)
            {
                word |= (Mask256<T, TOp, TRight>(ref rx, ref ry, (nuint)(n - lanes)) >> (lanes - rest)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }
    }

    private static void Words128<T, TOp, TRight>(ref T rx, ref T ry, int n, ref ulong rd)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T>
    {
        int lanes = Vector128<T>.Count;
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            ulong word = 0;
            for (int k = 0; k < 64; k += lanes)
            {
                word |= Mask128<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }

        if (i < n)
        {
            ulong word = 0;
            int k = 0;
            for (; i + k + lanes <= n; k += lanes)
            {
                word |= Mask128<T, TOp, TRight>(ref rx, ref ry, (nuint)(i + k)) << k;
            }

            int rest = n - i - k;
            if (rest > 0)
            {
                word |= (Mask128<T, TOp, TRight>(ref rx, ref ry, (nuint)(n - lanes)) >> (lanes - rest)) << k;
            }

            Unsafe.Add(ref rd, i >> 6) = word;
        }
    }

    private static void WordsScalar<T, TOp, TRight>(ref T rx, ref T ry, int n, ref ulong rd)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T>
    {
        int words = Bitmaps.Bits.WordCount(n);
        for (int w = 0; w < words; w++)
        {
            int start = w << 6;
            int count = Math.Min(64, n - start);
            ulong word = 0;
            for (int b = 0; b < count; b++)
            {
                nuint at = (nuint)(start + b);
                word |= (TOp.Invoke(Unsafe.Add(ref rx, at), TRight.Load(ref ry, at)) ? 1UL : 0UL) << b;
            }

            Unsafe.Add(ref rd, w) = word;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask512<T, TOp, TRight>(ref T rx, ref T ry, nuint at)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T> =>
        TOp.Invoke(Vector512.LoadUnsafe(ref rx, at), TRight.Load512(ref ry, at)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask256<T, TOp, TRight>(ref T rx, ref T ry, nuint at)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T> =>
        TOp.Invoke(Vector256.LoadUnsafe(ref rx, at), TRight.Load256(ref ry, at)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask128<T, TOp, TRight>(ref T rx, ref T ry, nuint at)
        where TOp : IComparisonOperator<T>
        where TRight : IRightOperand<T> =>
        TOp.Invoke(Vector128.LoadUnsafe(ref rx, at), TRight.Load128(ref ry, at)).ExtractMostSignificantBits();

    private readonly struct RightColumn<T> : IRightOperand<T>
    {
        public static T Load(ref T y, nuint at) => Unsafe.Add(ref y, at);

        public static Vector128<T> Load128(ref T y, nuint at) => Vector128.LoadUnsafe(ref y, at);

        public static Vector256<T> Load256(ref T y, nuint at) => Vector256.LoadUnsafe(ref y, at);

        public static Vector512<T> Load512(ref T y, nuint at) => Vector512.LoadUnsafe(ref y, at);
    }

    // A broadcast from memory costs the same as a vector load, so the constant shape shares the column loop.
    private readonly struct RightConstant<T> : IRightOperand<T>
    {
        public static T Load(ref T y, nuint at) => y;

        public static Vector128<T> Load128(ref T y, nuint at) => Vector128.Create(y);

        public static Vector256<T> Load256(ref T y, nuint at) => Vector256.Create(y);

        public static Vector512<T> Load512(ref T y, nuint at) => Vector512.Create(y);
    }
}
