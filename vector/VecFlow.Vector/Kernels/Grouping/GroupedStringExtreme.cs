using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's current MIN/MAX string: UTF-8 bytes in a buffer reused while it is large enough.</summary>
internal struct StringExtremeState
{
    public byte[]? Buffer;
    public int Length;

    public readonly ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public void Set(ReadOnlySpan<byte> value)
    {
        if (Buffer is null || Buffer.Length < value.Length)
        {
            Buffer = new byte[Math.Max(value.Length, Math.Max(16, (Buffer?.Length ?? 0) * 2))];
        }

        value.CopyTo(Buffer);
        Length = value.Length;
    }
}

/// <summary>MIN or MAX of VARCHAR per group in ordinal UTF-8 byte order.</summary>
/// <remarks>A group's buffer is replaced only when a longer value wins, so updates do not allocate per row.</remarks>
[SkipLocalsInit]
internal sealed class GroupedStringExtreme(SqlType inputType, bool max)
    : GroupedAggregate<StringExtremeState>(inputType.WithNullable(true), inputType)
{
    protected override StringExtremeState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<StringExtremeState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ReadOnlySpan<int> offsets = values.Offsets;
        ReadOnlySpan<byte> data = values.StringData;
        foreach (int row in live)
        {
            Fold(ref states[groupIds[row]], data[offsets[row]..offsets[row + 1]]);
        }
    }

    protected override void MergeCore(GroupedAggregate<StringExtremeState> other, ReadOnlySpan<StringExtremeState> from, ReadOnlySpan<int> map, Span<StringExtremeState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0 && from[j].Buffer is not null)
            {
                Fold(ref into[map[j]], from[j].Bytes);
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<StringExtremeState> states, BufferPool pool)
    {
        long bytes = 0;
        foreach (StringExtremeState state in states)
        {
            bytes += state.Length;
        }

        using var builder = new StringColumnBuilder(states.Length, pool, (int)Math.Min(bytes, int.MaxValue / 2));
        foreach (StringExtremeState state in states)
        {
            if (state.Buffer is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(state.Bytes);
            }
        }

        return builder.Build();
    }

    private void Fold(ref StringExtremeState state, ReadOnlySpan<byte> value)
    {
        if (state.Buffer is null)
        {
            state.Set(value);
            return;
        }

        int order = value.SequenceCompareTo(state.Bytes);
        if (max ? order > 0 : order < 0)
        {
            state.Set(value);
        }
    }
}
