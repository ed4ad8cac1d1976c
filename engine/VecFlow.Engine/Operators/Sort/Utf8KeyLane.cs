using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>A VARCHAR key lane: UTF-8 bytes in one arena, compared ordinally (code-point order, as the vector layer compares strings).</summary>
internal sealed class Utf8KeyLane(bool descending, bool nullsFirst) : KeyLane(descending, nullsFirst)
{
    private byte[] _data = new byte[256];
    private int[] _offsets = new int[17];
    private int _bytes;

    public override long MemoryBytes => base.MemoryBytes + _data.Length + ((long)_offsets.Length * sizeof(int));

    protected override void AppendValues(ColumnVector column, int start, int count, int at)
    {
        if (at == 0)
        {
            _bytes = 0;
        }

        EnsureCapacity(ref _offsets, at + count + 1);
        ReadOnlySpan<int> offsets = column.Offsets;
        int first = offsets[start];
        int length = offsets[start + count] - first;
        if ((long)_bytes + length > Array.MaxLength)
        {
            throw new InvalidOperationException($"A sort buffer would hold more than {Array.MaxLength} bytes of one string key.");
        }

        EnsureCapacity(ref _data, _bytes + length);
        column.StringData.Slice(first, length).CopyTo(_data.AsSpan(_bytes));
        _offsets[at] = _bytes;
        for (int i = 1; i <= count; i++)
        {
            _offsets[at + i] = _bytes + (offsets[start + i] - first);
        }

        _bytes += length;
    }

    protected override int CompareValues(int row, KeyLane other, int otherRow)
    {
        var right = Unsafe.As<Utf8KeyLane>(other);
        return Value(row).SequenceCompareTo(right.Value(otherRow));
    }

    private ReadOnlySpan<byte> Value(int row) => _data.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
}
