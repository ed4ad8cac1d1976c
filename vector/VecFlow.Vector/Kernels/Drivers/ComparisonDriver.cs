using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for comparisons: writes one bit per row (LSB-first words) where the comparison holds.</summary>
/// <remarks>
/// Each 64-row word is assembled in a register from the movemask of 64/lanes vector comparisons and stored once. The
/// last partial word takes an overlapping vector shifted into place. Bits past the row count are written as zero.
/// </remarks>
[SkipLocalsInit]
public static class ComparisonDriver
{
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<ulong> destination)
        where TOp : IComparisonOperator<T>
    {
        int n = x.Length;
        if (y.Length < n || destination.Length < Bitmaps.Bits.WordCount(n))
        {
            throw new ArgumentException("Inputs or destination are too short.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            int lanes = Vector256<T>.Count;
            for (; i + 64 <= n; i += 64)
            {
                ulong word = 0;
                for (int k = 0; k < 64; k += lanes)
                {
                    nuint at = (nuint)(i + k);
                    word |= (ulong)TOp.Invoke(Vector256.LoadUnsafe(ref rx, at), Vector256.LoadUnsafe(ref ry, at)).ExtractMostSignificantBits() << k;
                }

                destination[i >> 6] = word;
            }

            if (i < n)
            {
                ulong word = 0;
                int k = 0;
                for (; i + k + lanes <= n; k += lanes)
                {
                    nuint at = (nuint)(i + k);
                    word |= (ulong)TOp.Invoke(Vector256.LoadUnsafe(ref rx, at), Vector256.LoadUnsafe(ref ry, at)).ExtractMostSignificantBits() << k;
                }

                int rest = n - i - k;
                if (rest > 0)
                {
                    nuint at = (nuint)(n - lanes);
                    ulong bits = TOp.Invoke(Vector256.LoadUnsafe(ref rx, at), Vector256.LoadUnsafe(ref ry, at)).ExtractMostSignificantBits();
                    word |= (bits >> (lanes - rest)) << k;
                }

                destination[i >> 6] = word;
            }

            return;
        }

        ScalarTail<T, TOp>(ref rx, ref ry, false, 0, n, destination);
    }

    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, T y, Span<ulong> destination)
        where TOp : IComparisonOperator<T>
    {
        int n = x.Length;
        if (destination.Length < Bitmaps.Bits.WordCount(n))
        {
            throw new ArgumentException("Destination is too short.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            int lanes = Vector256<T>.Count;
            Vector256<T> vy = Vector256.Create(y);
            for (; i + 64 <= n; i += 64)
            {
                ulong word = 0;
                for (int k = 0; k < 64; k += lanes)
                {
                    word |= (ulong)TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)(i + k)), vy).ExtractMostSignificantBits() << k;
                }

                destination[i >> 6] = word;
            }

            if (i < n)
            {
                ulong word = 0;
                int k = 0;
                for (; i + k + lanes <= n; k += lanes)
                {
                    word |= (ulong)TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)(i + k)), vy).ExtractMostSignificantBits() << k;
                }

                int rest = n - i - k;
                if (rest > 0)
                {
                    ulong bits = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)(n - lanes)), vy).ExtractMostSignificantBits();
                    word |= (bits >> (lanes - rest)) << k;
                }

                destination[i >> 6] = word;
            }

            return;
        }

        ScalarTail<T, TOp>(ref rx, ref y, true, 0, n, destination);
    }

    private static void ScalarTail<T, TOp>(ref T rx, ref T ry, bool scalarY, int start, int n, Span<ulong> destination)
        where TOp : IComparisonOperator<T>
    {
        for (int w = start >> 6; w < Bitmaps.Bits.WordCount(n); w++)
        {
            ulong word = 0;
            int end = Math.Min(n, (w + 1) << 6);
            for (int i = w << 6; i < end; i++)
            {
                T yi = scalarY ? ry : Unsafe.Add(ref ry, i);
                if (TOp.Invoke(Unsafe.Add(ref rx, i), yi))
                {
                    word |= 1UL << i;
                }
            }

            destination[w] = word;
        }
    }
}
