using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>MIN (logical AND) or MAX (logical OR) of BOOLEAN per group; FALSE &lt; TRUE.</summary>
[SkipLocalsInit]
internal sealed class GroupedBooleanExtreme(SqlType inputType, bool max)
    : GroupedAggregate<ExtremeState<bool>>(inputType.WithNullable(true), inputType)
{
    protected override ExtremeState<bool> Initial => new() { Value = !max };

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<ExtremeState<bool>> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ReadOnlySpan<ulong> bits = values.BooleanWords;
        foreach (int row in live)
        {
            Fold(ref states[groupIds[row]], Bits.Get(bits, row));
        }
    }

    protected override void MergeCore(GroupedAggregate<ExtremeState<bool>> other, ReadOnlySpan<ExtremeState<bool>> from, ReadOnlySpan<int> map, Span<ExtremeState<bool>> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0 && from[j].Seen)
            {
                Fold(ref into[map[j]], from[j].Value);
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<ExtremeState<bool>> states, BufferPool pool)
    {
        int n = states.Length;
        NativeBuffer values = pool.Rent(Bits.ByteCount(n), zeroed: true);
        NativeBuffer validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
        for (int g = 0; g < n; g++)
        {
            if (states[g].Seen)
            {
                Bits.Set(validity.Words, g);
                Bits.Set(values.Words, g, states[g].Value);
            }
        }

        return ColumnVector.FromBuffers(SqlType.Boolean, n, validity, values);
    }

    private void Fold(ref ExtremeState<bool> state, bool value)
    {
        state.Value = max ? state.Value | value : state.Value & value;
        state.Seen = true;
    }
}
