using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's integer total, wrapped to 64 bits, and its number of non-null rows.</summary>
internal struct Int64SumState
{
    public long Sum;
    public long Count;
}

/// <summary>SUM (BIGINT, raising when a total does not fit) or AVG (the input type, Flink's truncating rule) of integers.</summary>
/// <remarks>
/// The hot loop adds with wrap-around and only ORs an overflow flag (the sign trick). A batch that raised the flag is
/// undone (wrapping subtraction is exact) and replayed with exact bookkeeping: each group's count of 2^64 wrap-arounds
/// goes to <c>_carries</c>, so the exact total is Sum + carry * 2^64. SUM raises only when a final carry is non-zero,
/// which makes the result independent of row order and of how partial states were merged; AVG never overflows.
/// </remarks>
[SkipLocalsInit]
internal sealed class GroupedIntegerSum<TIn> : GroupedAggregate<Int64SumState>
    where TIn : unmanaged, IBinaryInteger<TIn>
{
    private readonly bool _average;
    private long[]? _carries;

    public GroupedIntegerSum(SqlType inputType, bool average)
        : base(average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType), inputType)
    {
        _average = average;
    }

    protected override Int64SumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<Int64SumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ReadOnlySpan<TIn> v = values.Values<TIn>();
        ulong fault = GroupedUpdateDriver.Invoke<TIn, Int64SumState, AddOperator>(v, groupIds, live.Words, states);
        if ((long)fault < 0)
        {
            Replay(v, groupIds, live.Words, states);
        }
    }

    protected override void MergeCore(GroupedAggregate<Int64SumState> other, ReadOnlySpan<Int64SumState> from, ReadOnlySpan<int> map, Span<Int64SumState> into)
    {
        long[]? otherCarries = ((GroupedIntegerSum<TIn>)other)._carries;
        for (int j = 0; j < from.Length; j++)
        {
            int target = map[j];
            if (target < 0)
            {
                continue;
            }

            long carry = AddExact(ref into[target].Sum, from[j].Sum) + (otherCarries is not null && j < otherCarries.Length ? otherCarries[j] : 0);
            if (carry != 0)
            {
                Carries(into.Length)[target] += carry;
            }

            into[target].Count += from[j].Count;
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<Int64SumState> states, BufferPool pool)
    {
        int n = states.Length;
        var sums = new Int128[n];
        bool[] valid = new bool[n];
        for (int g = 0; g < n; g++)
        {
            long carry = _carries is not null && g < _carries.Length ? _carries[g] : 0;
            sums[g] = (Int128)states[g].Sum + ((Int128)carry << 64);
            valid[g] = states[g].Count > 0;
            if (!_average && carry != 0)
            {
                throw AggregateKernels.Int64Overflow(g, sums[g]);
            }
        }

        if (!_average)
        {
            long[] results = new long[n];
            for (int g = 0; g < n; g++)
            {
                results[g] = (long)sums[g];
            }

            return ColumnFactory.FromValues<long>(ResultType, results, valid, pool);
        }

        // The mean of values of TIn lies within TIn's range, so the truncating conversion is exact.
        var averages = new TIn[n];
        for (int g = 0; g < n; g++)
        {
            averages[g] = valid[g] ? TIn.CreateTruncating(sums[g] / states[g].Count) : TIn.Zero;
        }

        return ColumnFactory.FromValues<TIn>(ResultType, averages, valid, pool);
    }

    /// <summary>Adds with wrap-around and returns the carry: +1 when a positive value wrapped down, -1 when a negative one wrapped up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long AddExact(ref long sum, long value)
    {
        long result = unchecked(sum + value);
        long overflowed = ((sum ^ result) & (value ^ result)) >> 63;
        sum = result;
        return overflowed & ((value >> 63) | 1);
    }

    /// <summary>Undoes a batch whose fast pass overflowed somewhere and redoes it counting wrap-arounds per group.</summary>
    private void Replay(ReadOnlySpan<TIn> values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> live, Span<Int64SumState> states)
    {
        foreach (int row in new SetBitEnumerator(live, groupIds.Length))
        {
            states[groupIds[row]].Sum -= long.CreateTruncating(values[row]);
        }

        long[] carries = Carries(states.Length);
        foreach (int row in new SetBitEnumerator(live, groupIds.Length))
        {
            int group = groupIds[row];
            carries[group] += AddExact(ref states[group].Sum, long.CreateTruncating(values[row]));
        }
    }

    private long[] Carries(int groups)
    {
        if (_carries is null || _carries.Length < groups)
        {
            Array.Resize(ref _carries, Math.Max(groups, (_carries?.Length ?? 0) * 2));
        }

        return _carries;
    }

    private readonly struct AddOperator : IGroupedUpdateOperator<TIn, Int64SumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref Int64SumState state, TIn value, ref ulong fault)
        {
            long v = long.CreateTruncating(value);
            long sum = state.Sum;
            long result = unchecked(sum + v);
            fault |= (ulong)((sum ^ result) & (v ^ result));
            state.Sum = result;
            state.Count++;
        }
    }
}
