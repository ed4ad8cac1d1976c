using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>The values of one sort key for a growing set of rows, in managed arrays laid out for fast comparison.</summary>
/// <remarks>
/// A lane is built once per key and type, so comparing two rows is one virtual call per key over plain arrays: no
/// boxing and no Arrow buffer lookups per comparison. Two lanes of the same key compare across blocks (spilled runs).
/// </remarks>
internal abstract class KeyLane(bool descending, bool nullsFirst)
{
    private bool[] _nulls = new bool[16];

    public int Count { get; private set; }

    protected bool Descending { get; } = descending;

    protected bool NullsFirst { get; } = nullsFirst;

    public virtual long MemoryBytes => _nulls.Length;

    /// <summary>A lane for a key of type <paramref name="type"/>.</summary>
    public static KeyLane For(SqlType type, bool descending, bool nullsFirst) => type.Kind switch
    {
        SqlTypeKind.Decimal => new DecimalKeyLane(descending, nullsFirst),
        SqlTypeKind.Varchar => new Utf8KeyLane(descending, nullsFirst),
        SqlTypeKind.Null => throw new NotSupportedException("A sort key of type NULL cannot be ordered; cast it to a concrete type."),
        _ => new OrderedLongKeyLane(type, descending, nullsFirst),
    };

    /// <summary>Appends rows <paramref name="start"/>..start+count-1 of <paramref name="column"/>.</summary>
    public void Append(ColumnVector column, int start, int count)
    {
        int at = Count;
        if (at + count > _nulls.Length)
        {
            Array.Resize(ref _nulls, Math.Max(at + count, _nulls.Length * 2));
        }

        Span<bool> nulls = _nulls.AsSpan(at, count);
        if (column.HasNulls)
        {
            for (int i = 0; i < count; i++)
            {
                nulls[i] = column.IsNull(start + i);
            }
        }
        else
        {
            nulls.Clear();
        }

        AppendValues(column, start, count, at);
        Count = at + count;
    }

    public bool IsNull(int row) => _nulls[row];

    /// <summary>
    /// Orders row <paramref name="row"/> of this lane against row <paramref name="otherRow"/> of <paramref name="other"/>
    /// (a lane of the same key), honouring direction and null placement.
    /// </summary>
    public int Compare(int row, KeyLane other, int otherRow)
    {
        bool leftNull = _nulls[row];
        bool rightNull = other._nulls[otherRow];
        if (leftNull | rightNull)
        {
            if (leftNull && rightNull)
            {
                return 0;
            }

            return leftNull == NullsFirst ? -1 : 1;
        }

        int order = CompareValues(row, other, otherRow);
        return Descending ? -order : order;
    }

    /// <summary>Forgets every row, keeping the arrays for reuse.</summary>
    public void Clear() => Count = 0;

    protected abstract void AppendValues(ColumnVector column, int start, int count, int at);

    /// <summary>Ascending comparison of two non-null values.</summary>
    protected abstract int CompareValues(int row, KeyLane other, int otherRow);

    protected static void EnsureCapacity<T>(ref T[] values, int needed)
    {
        if (needed > values.Length)
        {
            Array.Resize(ref values, Math.Max(needed, values.Length * 2));
        }
    }
}
