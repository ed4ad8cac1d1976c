using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for whole-column reductions over the rows set in a mask.</summary>
/// <remarks>
/// The mask is usually selection AND validity; an empty mask means every row. Masked-out lanes are replaced by the
/// operator's identity with a blend, so the loop has no branches. Vectorized for 4- and 8-byte elements (the widths
/// whose lane masks a 64-bit word slice expands to directly); narrower types widen first.
/// </remarks>
[SkipLocalsInit]
public static class AggregationDriver
{
    public static T Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<ulong> mask)
        where TOp : IAggregationOperator<T>
    {
        int n = x.Length;
        if (!mask.IsEmpty && mask.Length < Bits.WordCount(n))
        {
            throw new ArgumentException("Mask is shorter than the input.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        T result = TOp.Identity;
        int i = 0;
        int size = Unsafe.SizeOf<T>();
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && (size == 4 || size == 8) && n >= Vector256<T>.Count)
        {
            int lanes = Vector256<T>.Count;
            Vector256<T> identity = Vector256.Create(TOp.Identity);
            Vector256<T> acc0 = identity;
            Vector256<T> acc1 = identity;
            if (mask.IsEmpty)
            {
                for (; i + (2 * lanes) <= n; i += 2 * lanes)
                {
                    acc0 = TOp.Invoke(acc0, Vector256.LoadUnsafe(ref rx, (nuint)i));
                    acc1 = TOp.Invoke(acc1, Vector256.LoadUnsafe(ref rx, (nuint)(i + lanes)));
                }
            }
            else
            {
                uint laneBits = (1u << lanes) - 1;
                for (; i + (2 * lanes) <= n; i += 2 * lanes)
                {
                    ulong word = mask[i >> 6] >> (i & 63);
                    Vector256<T> m0 = LaneMask<T>((uint)word & laneBits);
                    Vector256<T> m1 = LaneMask<T>((uint)(word >> lanes) & laneBits);
                    acc0 = TOp.Invoke(acc0, Vector256.ConditionalSelect(m0, Vector256.LoadUnsafe(ref rx, (nuint)i), identity));
                    acc1 = TOp.Invoke(acc1, Vector256.ConditionalSelect(m1, Vector256.LoadUnsafe(ref rx, (nuint)(i + lanes)), identity));
                }
            }

            result = TOp.Invoke(TOp.Invoke(acc0, acc1));
        }

        for (; i < n; i++)
        {
            if (mask.IsEmpty || Bits.Get(mask, i))
            {
                result = TOp.Invoke(result, Unsafe.Add(ref rx, i));
            }
        }

        return result;
    }

    /// <summary>All-ones lanes where the corresponding low bit of <paramref name="bits"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LaneMask<T>(uint bits)
    {
        if (Unsafe.SizeOf<T>() == 8)
        {
            Vector256<long> lane = Vector256.Create(1L, 2L, 4L, 8L);
            return Vector256.Equals(Vector256.Create((long)bits) & lane, lane).As<long, T>();
        }
        else
        {
            Vector256<int> lane = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
            return Vector256.Equals(Vector256.Create((int)bits) & lane, lane).As<int, T>();
        }
    }
}
