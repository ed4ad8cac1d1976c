using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// the dense loop, a partial word visits its set bits by trailing-zero count, an empty word costs one compare. Group
/// ids index the state span with a bounds check, so a wrong id fails instead of corrupting memory.
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
            for (int i = 0; i < n; i++)
            {
                TOp.Invoke(ref states[Unsafe.Add(ref rg, i)], Unsafe.Add(ref rv, i), ref fault);
            }

            return fault;
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
                for (int i = start; i < start + 64; i++)
                {
                    TOp.Invoke(ref states[Unsafe.Add(ref rg, i)], Unsafe.Add(ref rv, i), ref fault);
                }

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
}
