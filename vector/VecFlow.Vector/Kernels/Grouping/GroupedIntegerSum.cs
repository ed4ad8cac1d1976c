using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's exact integer total as a wrapped BIGINT plus a count of 2^64 wrap-arounds, and its row count.</summary>
/// <remarks>
/// The exact total is Sum + Carry * 2^64. Tracking the carry per row is branch-free, keeps the hot loop on one
/// 64-bit add, and makes the overflow decision (Carry != 0 at the end) independent of row order and of how partial
/// states were merged.
/// </remarks>
internal struct Int64SumState
{
    public long Sum;
    public long Carry;
    public long Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ref Int64SumState state, long value)
    {
        long result = unchecked(state.Sum + value);
        long overflowed = ((state.Sum ^ result) & (value ^ result)) >> 63;

        // A positive value that overflowed wrapped down by 2^64 (carry +1); a negative one wrapped up (carry -1).
        state.Carry += overflowed & ((value >> 63) | 1);
        state.Sum = result;
    }

    public readonly Int128 Total => (Int128)Sum + ((Int128)Carry << 64);
}

/// <summary>SUM (BIGINT, raising when a total does not fit) or AVG (the input type, Flink's truncating rule) of integers.</summary>
[SkipLocalsInit]
internal sealed class GroupedIntegerSum<TIn>(SqlType inputType, bool average)
    : GroupedAggregate<Int64SumState>(average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType), inputType)
    where TIn : unmanaged, IBinaryInteger<TIn>
{
    protected override Int64SumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<Int64SumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        GroupedUpdateDriver.Invoke<TIn, Int64SumState, AddOperator>(values.Values<TIn>(), groupIds, live.Words, states);
    }

    protected override void MergeCore(ReadOnlySpan<Int64SumState> from, ReadOnlySpan<int> map, Span<Int64SumState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0)
            {
                ref Int64SumState target = ref into[map[j]];
                Int64SumState.Add(ref target, from[j].Sum);
                target.Carry += from[j].Carry;
                target.Count += from[j].Count;
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<Int64SumState> states, BufferPool pool) => average
        ? BuildFixed<TIn, AverageResult>(ResultType, states, pool)
        : BuildFixed<long, SumResult>(ResultType, states, pool);

    private readonly struct AddOperator : IGroupedUpdateOperator<TIn, Int64SumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref Int64SumState state, TIn value)
        {
            Int64SumState.Add(ref state, long.CreateTruncating(value));
            state.Count++;
        }
    }

    private readonly struct SumResult : IGroupResult<Int64SumState, long>
    {
        public static bool TryGet(in Int64SumState state, int group, out long value)
        {
            value = state.Sum;
            if (state.Carry != 0)
            {
                throw AggregateKernels.Int64Overflow(group, state.Total);
            }

            return state.Count > 0;
        }
    }

    private readonly struct AverageResult : IGroupResult<Int64SumState, TIn>
    {
        public static bool TryGet(in Int64SumState state, int group, out TIn value)
        {
            // The mean of values of TIn lies within TIn's range, so the truncating conversion is exact.
            value = state.Count > 0 ? TIn.CreateTruncating(state.Total / state.Count) : TIn.Zero;
            return state.Count > 0;
        }
    }
}
