using System.Text;
using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>MIN or MAX over an insert-only input: the extreme alone, in the accumulator row, with no value map.</summary>
/// <remarks>
/// When the planner knows the input never retracts (<c>ChangelogMode.IsUpdating</c> is false), an extreme can only
/// improve, so the value counts <see cref="GroupExtremeAccumulator"/> keeps to replace a retracted extreme are never
/// read. A batch is folded by the batch mode's grouped MIN/MAX kernel (one partial per group), then each group's
/// partial is compared once with its stored extreme: no state entry per (group, value).
/// </remarks>
internal sealed class GroupAppendExtremeAccumulator(SqlType inputType, bool max)
    : GroupAccumulator([inputType.WithNullable(true)], inputType.WithNullable(true))
{
    private readonly AggregateFunction _function = max ? AggregateFunction.Max : AggregateFunction.Min;
    private readonly StateRow _partial = new([inputType.WithNullable(true)]);

    public override void Initialize(StateRow acc) => acc.SetNull(Offset);

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        if (input.Rows.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < input.Weights.Length; i++)
        {
            if (input.Weights[i] < 0)
            {
                throw new InvalidOperationException($"{(max ? "MAX" : "MIN")} was planned for an insert-only input but received a retraction.");
            }
        }

        int groups = input.GroupCount;
        using IGroupedAggregate kernel = GroupedAggregates.Create(_function, inputType);
        kernel.EnsureGroups(groups);
        kernel.Update(input.Values, input.GroupIds.Values<int>(), input.Mask);
        using ColumnVector partials = kernel.Finish(groups, input.Pool);
        for (int g = 0; g < groups; g++)
        {
            if (partials.IsNull(g))
            {
                continue;
            }

            StateRow acc = accs[g];
            StreamWindowAccumulators.Read(partials, g, _partial, 0);
            if (acc.IsNull(Offset) || (max ? Compare(_partial, acc) > 0 : Compare(_partial, acc) < 0))
            {
                StateRowColumns.Copy(_partial, 0, acc, Offset, inputType);
            }
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field) => StateRowColumns.Copy(acc, Offset, result, field, inputType);

    /// <summary>The candidate (field 0 of <paramref name="candidate"/>) against the stored extreme, in the order <see cref="OrderedValueCodec"/> gives.</summary>
    private int Compare(StateRow candidate, StateRow acc)
    {
        switch (inputType.Kind)
        {
            case SqlTypeKind.Varchar:
                return OrdinalUtf8(candidate.GetString(0), acc.GetString(Offset));
            case SqlTypeKind.Float or SqlTypeKind.Double:
                {
                    double x = candidate.GetDouble(0);
                    double y = acc.GetDouble(Offset);
                    return double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : x == y ? 0 : x.CompareTo(y);
                }

            case SqlTypeKind.Decimal:
                return candidate.GetDecimal(0).CompareTo(acc.GetDecimal(Offset));
            default:
                return candidate.GetInt64(0).CompareTo(acc.GetInt64(Offset));
        }
    }

    private static int OrdinalUtf8(string a, string b)
    {
        if (a.Length + b.Length <= 256)
        {
            Span<byte> x = stackalloc byte[Encoding.UTF8.GetMaxByteCount(a.Length)];
            Span<byte> y = stackalloc byte[Encoding.UTF8.GetMaxByteCount(b.Length)];
            return x[..Encoding.UTF8.GetBytes(a, x)].SequenceCompareTo(y[..Encoding.UTF8.GetBytes(b, y)]);
        }

        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }
}
