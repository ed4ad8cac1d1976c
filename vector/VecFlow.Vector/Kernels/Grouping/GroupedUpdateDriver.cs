using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>Folds one row's value into its group's accumulator (sum, count, min, max ...).</summary>
/// <remarks>
/// An operator that can overflow ORs a word into <c>fault</c> whose sign bit is set when the step overflowed, and the
/// caller resolves exactly after the loop (a branch-free flag instead of exact bookkeeping on every row).
/// </remarks>
public interface IGroupedUpdateOperator<TIn, TState>
{
    static abstract void Invoke(ref TState state, TIn value, ref ulong fault);
}

/// <summary>The one scatter loop of grouped aggregation: states[groupIds[i]] = op(states[groupIds[i]], values[i]) for live rows.</summary>
/// <remarks>
/// With every row live the loop has no bit tests at all. Otherwise it goes a 64-row word at a time: a full word runs
/// the dense loop, a partial word visits its set bits by trailing-zero count, an empty word costs one compare. The
/// dense loops index the states without bounds checks after one vectorized pass has checked that every id they will
/// use is in range; when one is not, the rows go through a bounds-checked loop, so a wrong id fails instead of
/// corrupting memory.
/// </remarks>
[SkipLocalsInit]
public static class GroupedUpdateDriver
{
    /// <summary>Folds the live rows into their groups' states; returns the OR of the operators' fault words.</summary>
    public static ulong Invoke<TIn, TState, TOp>(ReadOnlySpan<TIn> values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> live, Span<TState> states)
        where TOp : IGroupedUpdateOperator<TIn, TState>
    {
        int n = groupIds.Length;
        if (values.Length < n)
        {
            throw new ArgumentException($"Got {values.Length} values for {n} group ids.", nameof(values));
        }

        int words = Bits.WordCount(n);
        if (!live.IsEmpty && live.Length < words)
        {
            throw new ArgumentException($"The mask has {live.Length} words but {n} rows need {words}.", nameof(live));
        }

        ref TIn rv = ref MemoryMarshal.GetReference(values);
        ref int rg = ref MemoryMarshal.GetReference(groupIds);
        ulong fault = 0;
        if (live.IsEmpty)
        {
            return Dense<TIn, TState, TOp>(ref rv, ref rg, n, states, ref fault);
        }

        for (int w = 0; w < words; w++)
        {
            ulong bits = live[w];
            if (w == words - 1)
            {
                bits &= Bits.TailMask(n);
            }

            int start = w << 6;
            if (bits == ulong.MaxValue)
            {
                Dense<TIn, TState, TOp>(ref Unsafe.Add(ref rv, start), ref Unsafe.Add(ref rg, start), 64, states, ref fault);
                continue;
            }

            while (bits != 0)
            {
                int i = start + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                TOp.Invoke(ref states[Unsafe.Add(ref rg, i)], Unsafe.Add(ref rv, i), ref fault);
            }
        }

        return fault;
    }

    /// <summary>Every one of n rows: unchecked indexing once the ids are known to be in range, checked otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Dense<TIn, TState, TOp>(ref TIn values, ref int groupIds, int n, Span<TState> states, ref ulong fault)
        where TOp : IGroupedUpdateOperator<TIn, TState>
    {
        if (!AllBelow(ref groupIds, n, states.Length))
        {
            for (int i = 0; i < n; i++)
            {
                TOp.Invoke(ref states[Unsafe.Add(ref groupIds, i)], Unsafe.Add(ref values, i), ref fault);
            }

            return fault;
        }

        // The flag lives in a register: OR-ing through the caller's ref would chain every row through a store and a load.
        ulong local = 0;
        ref TState first = ref MemoryMarshal.GetReference(states);
        for (nint i = 0; i < n; i++)
        {
            TOp.Invoke(ref Unsafe.Add(ref first, (nint)(uint)Unsafe.Add(ref groupIds, i)), Unsafe.Add(ref values, i), ref local);
        }

        fault |= local;
        return fault;
    }

    /// <summary>True when 0 &lt;= id &lt; limit for every one of the n ids (unsigned compare catches negatives).</summary>
    private static bool AllBelow(ref int ids, int n, int limit)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<uint>.Count)
        {
            Vector256<uint> bound = Vector256.Create((uint)limit);
            Vector256<uint> outOfRange = Vector256<uint>.Zero;
            ref uint u = ref Unsafe.As<int, uint>(ref ids);
            for (; i <= n - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                outOfRange |= Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref u, (nuint)i), bound);
            }

            // The last vector overlaps the previous one instead of a scalar tail.
            outOfRange |= Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref u, (nuint)(n - Vector256<uint>.Count)), bound);
            return outOfRange == Vector256<uint>.Zero;
        }

        for (; i < n; i++)
        {
            if ((uint)Unsafe.Add(ref ids, i) >= (uint)limit)
            {
                return false;
            }
        }

        return true;
    }
}
