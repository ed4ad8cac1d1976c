using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>A DECIMAL key lane: unscaled Int128 values, which order by value because one column has one scale.</summary>
internal sealed class DecimalKeyLane(bool descending, bool nullsFirst) : KeyLane(descending, nullsFirst)
{
    private Int128[] _values = new Int128[16];

    public override long MemoryBytes => base.MemoryBytes + ((long)_values.Length * 16);

    protected override void AppendValues(ColumnVector column, int start, int count, int at)
    {
        EnsureCapacity(ref _values, at + count);
        column.Values<Int128>().Slice(start, count).CopyTo(_values.AsSpan(at, count));
    }

    protected override int CompareValues(int row, KeyLane other, int otherRow) =>
        _values[row].CompareTo(Unsafe.As<DecimalKeyLane>(other)._values[otherRow]);
}
