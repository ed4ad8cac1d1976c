using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's DOUBLE total and row count.</summary>
internal struct DoubleSumState
{
    public double Sum;
    public long Count;
}

/// <summary>SUM or AVG of FLOAT/DOUBLE per group, in DOUBLE.</summary>
[SkipLocalsInit]
internal sealed class GroupedDoubleSum<TIn>(SqlType inputType, bool average)
    : GroupedAggregate<DoubleSumState>(SqlType.Double, inputType)
    where TIn : unmanaged, INumberBase<TIn>
{
    protected override DoubleSumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<DoubleSumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        GroupedUpdateDriver.Invoke<TIn, DoubleSumState, AddOperator>(values.Values<TIn>(), groupIds, live.Words, states);
    }

    protected override void MergeCore(GroupedAggregate<DoubleSumState> other, ReadOnlySpan<DoubleSumState> from, ReadOnlySpan<int> map, Span<DoubleSumState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0)
            {
                into[map[j]].Sum += from[j].Sum;
                into[map[j]].Count += from[j].Count;
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<DoubleSumState> states, BufferPool pool) => average
        ? BuildFixed<double, AverageResult>(ResultType, states, pool)
        : BuildFixed<double, SumResult>(ResultType, states, pool);

    private readonly struct AddOperator : IGroupedUpdateOperator<TIn, DoubleSumState>
    {
        public static void Invoke(ref DoubleSumState state, TIn value, ref ulong fault)
        {
            state.Sum += double.CreateTruncating(value);
            state.Count++;
        }
    }

    private readonly struct SumResult : IGroupResult<DoubleSumState, double>
    {
        public static bool TryGet(in DoubleSumState state, int group, out double value)
        {
            value = state.Sum;
            return state.Count > 0;
        }
    }

    private readonly struct AverageResult : IGroupResult<DoubleSumState, double>
    {
        public static bool TryGet(in DoubleSumState state, int group, out double value)
        {
            value = state.Count > 0 ? state.Sum / state.Count : 0;
            return state.Count > 0;
        }
    }
}
