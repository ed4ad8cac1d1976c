using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>A reduction step that can overflow (BIGINT SUM); vector steps flag the lanes that overflowed.</summary>
/// <remarks>
/// The vector overloads compute every lane and set the most significant bit of <c>fault</c> in lanes whose step
/// overflowed (other bits are ignored, which saves the sums an AND per vector). The driver
/// only reports that some step faulted; the caller then decides with an exact (wider) pass, so the answer does not
/// depend on the order the vector lanes happened to add in.
/// </remarks>
public interface ICheckedAggregationOperator<T>
{
    static abstract bool Vectorizable { get; }

    static abstract T Identity { get; }

    /// <summary>One scalar step; false when it overflows.</summary>
    static abstract bool TryInvoke(T x, T y, out T result);

    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault);

    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault);

    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault);
}

/// <summary>The one loop for overflow-checked reductions over the rows set in a mask (empty mask = every row).</summary>
/// <remarks>
/// Walks the input one 64-row mask word at a time: an all-zero word skips its rows without touching them (a selective
/// filter then reads less memory), an all-ones word adds without blending, and a mixed word blends masked-out lanes to
/// the identity. Overflow flags accumulate per lane with no branch in the loop.
/// </remarks>
[SkipLocalsInit]
public static class CheckedAggregationDriver
{
    /// <summary>Reduces the live rows; false when any step overflowed (the result is then meaningless).</summary>
    public static bool TryInvoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<ulong> mask, out T result)
        where TOp : ICheckedAggregationOperator<T>
    {
        int n = x.Length;
        if (!mask.IsEmpty && mask.Length < Bits.WordCount(n))
        {
            throw new ArgumentException("Mask is shorter than the input.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref ulong rm = ref MemoryMarshal.GetReference(mask);
        bool all = mask.IsEmpty;
        T total = TOp.Identity;
        int i = 0;
        int size = Unsafe.SizeOf<T>();
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && (size == 4 || size == 8) && n >= 64)
        {
            int lanes = Vector256<T>.Count;
            uint laneBits = (1u << lanes) - 1;
            Vector256<T> identity = Vector256.Create(TOp.Identity);
            Vector256<T> acc0 = identity;
            Vector256<T> acc1 = identity;
            Vector256<T> fault = Vector256<T>.Zero;
            for (; i + 64 <= n; i += 64)
            {
                ulong word = all ? ulong.MaxValue : Unsafe.Add(ref rm, i >> 6);
                if (word == 0)
                {
                    continue;
                }

                ref T block = ref Unsafe.Add(ref rx, i);
                if (word == ulong.MaxValue)
                {
                    for (int k = 0; k < 64; k += 2 * lanes)
                    {
                        acc0 = TOp.Invoke(acc0, Vector256.LoadUnsafe(ref block, (nuint)k), out Vector256<T> f0);
                        acc1 = TOp.Invoke(acc1, Vector256.LoadUnsafe(ref block, (nuint)(k + lanes)), out Vector256<T> f1);
                        fault |= f0 | f1;
                    }
                }
                else
                {
                    for (int k = 0; k < 64; k += 2 * lanes)
                    {
                        Vector256<T> m0 = LaneMask<T>(word >> k, laneBits);
                        Vector256<T> m1 = LaneMask<T>(word >> (k + lanes), laneBits);

                        // (v & m) | (identity & ~m): with a zero identity (sums) the JIT folds this to one AND.
                        Vector256<T> v0 = (Vector256.LoadUnsafe(ref block, (nuint)k) & m0) | Vector256.AndNot(identity, m0);
                        Vector256<T> v1 = (Vector256.LoadUnsafe(ref block, (nuint)(k + lanes)) & m1) | Vector256.AndNot(identity, m1);
                        acc0 = TOp.Invoke(acc0, v0, out Vector256<T> f0);
                        acc1 = TOp.Invoke(acc1, v1, out Vector256<T> f1);
                        fault |= f0 | f1;
                    }
                }
            }

            if (fault.ExtractMostSignificantBits() != 0)
            {
                result = TOp.Identity;
                return false;
            }

            for (int lane = 0; lane < lanes; lane++)
            {
                if (!TOp.TryInvoke(total, acc0[lane], out total) || !TOp.TryInvoke(total, acc1[lane], out total))
                {
                    result = TOp.Identity;
                    return false;
                }
            }
        }

        for (; i < n; i++)
        {
            if ((all || ((Unsafe.Add(ref rm, i >> 6) >> i) & 1) != 0) && !TOp.TryInvoke(total, Unsafe.Add(ref rx, i), out total))
            {
                result = TOp.Identity;
                return false;
            }
        }

        result = total;
        return true;
    }

    /// <summary>All-ones lanes for the low set bits of <paramref name="bits"/>; 8-byte lanes come from a 16-entry table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> LaneMask<T>(ulong bits, uint laneBits)
    {
        if (Unsafe.SizeOf<T>() == 8)
        {
            // One load instead of broadcast + AND + compare.
            return Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(Int64LaneMasks), (nuint)((uint)bits & 15) * 4).As<long, T>();
        }

        return AggregationDriver.LaneMask<T>((uint)bits & laneBits);
    }

    /// <summary>Row i of this 16 x 4 table is the lane mask of the 4-bit value i (bit j set = lane j all ones).</summary>
    private static ReadOnlySpan<long> Int64LaneMasks =>
    [
        0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, -1, -1, 0, 0,
        0, 0, -1, 0, -1, 0, -1, 0, 0, -1, -1, 0, -1, -1, -1, 0,
        0, 0, 0, -1, -1, 0, 0, -1, 0, -1, 0, -1, -1, -1, 0, -1,
        0, 0, -1, -1, -1, 0, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1,
    ];
}

/// <summary>BIGINT addition that flags overflow (the sign trick: the result's sign differs from both operands').</summary>
public readonly struct CheckedInt64SumOperator : ICheckedAggregationOperator<long>
{
    public static bool Vectorizable => true;

    public static long Identity => 0;

    public static bool TryInvoke(long x, long y, out long result)
    {
        result = unchecked(x + y);
        return ((x ^ result) & (y ^ result)) >= 0;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault)
    {
        Vector128<long> r = x + y;
        fault = (x ^ r) & (y ^ r);
        return r;
    }

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault)
    {
        Vector256<long> r = x + y;
        fault = (x ^ r) & (y ^ r);
        return r;
    }

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault)
    {
        Vector512<long> r = x + y;
        fault = (x ^ r) & (y ^ r);
        return r;
    }
}
