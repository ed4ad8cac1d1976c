using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>COUNT(x) (non-null live rows) and COUNT(*) (live rows) per group; BIGINT, never NULL.</summary>
[SkipLocalsInit]
internal sealed class GroupedCount(SqlType? inputType)
    : GroupedAggregate<long>(SqlType.BigInt.WithNullable(false), inputType)
{
    protected override long Initial => 0;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<long> states)
    {
        if (values?.Type.Kind == SqlTypeKind.Null && InputType is not null)
        {
            return;
        }

        ReadOnlySpan<ulong> validity = InputType is null ? default : values!.Validity;
        using var live = new LiveRows(mask, validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);

        // The group ids double as the "values": counting ignores the value.
        GroupedUpdateDriver.Invoke<int, long, CountOperator>(groupIds, groupIds, live.Words, states);
    }

    protected override void MergeCore(GroupedAggregate<long> other, ReadOnlySpan<long> from, ReadOnlySpan<int> map, Span<long> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0)
            {
                into[map[j]] += from[j];
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<long> states, BufferPool pool) =>
        BuildFixed<long, CountResult>(ResultType, states, pool);

    private readonly struct CountOperator : IGroupedUpdateOperator<int, long>
    {
        public static void Invoke(ref long state, int value, ref ulong fault) => state++;
    }

    private readonly struct CountResult : IGroupResult<long, long>
    {
        public static bool TryGet(in long state, int group, out long value)
        {
            value = state;
            return true;
        }
    }
}
