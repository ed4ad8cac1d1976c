using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's running MIN or MAX and whether any value arrived.</summary>
internal struct ExtremeState<T>
{
    public T Value;
    public bool Seen;
}

/// <summary>MIN or MAX per group of a fixed-width type, reusing the whole-column reduction operator's scalar step.</summary>
[SkipLocalsInit]
internal sealed class GroupedExtreme<T, TOp>(SqlType inputType)
    : GroupedAggregate<ExtremeState<T>>(inputType.WithNullable(true), inputType)
    where T : unmanaged
    where TOp : IAggregationOperator<T>
{
    protected override ExtremeState<T> Initial => new() { Value = TOp.Identity };

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<ExtremeState<T>> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        GroupedUpdateDriver.Invoke<T, ExtremeState<T>, UpdateOperator>(values.Values<T>(), groupIds, live.Words, states);
    }

    protected override void MergeCore(GroupedAggregate<ExtremeState<T>> other, ReadOnlySpan<ExtremeState<T>> from, ReadOnlySpan<int> map, Span<ExtremeState<T>> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0 && from[j].Seen)
            {
                ulong unused = 0;
                UpdateOperator.Invoke(ref into[map[j]], from[j].Value, ref unused);
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<ExtremeState<T>> states, BufferPool pool) =>
        BuildFixed<T, Result>(ResultType, states, pool);

    private readonly struct UpdateOperator : IGroupedUpdateOperator<T, ExtremeState<T>>
    {
        public static void Invoke(ref ExtremeState<T> state, T value, ref ulong fault)
        {
            state.Value = TOp.Invoke(state.Value, value);
            state.Seen = true;
        }
    }

    private readonly struct Result : IGroupResult<ExtremeState<T>, T>
    {
        public static bool TryGet(in ExtremeState<T> state, int group, out T value)
        {
            value = state.Value;
            return state.Seen;
        }
    }
}
