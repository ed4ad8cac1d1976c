using VecFlow.Engine.Schema;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>One input of a streaming join: its columns, join keys, and the rows it keeps in state per join key.</summary>
/// <remarks>
/// A kept row is a <see cref="StateRow"/> of the input's columns followed by two BIGINT fields: how many times the row
/// is present (duplicates share one entry) and, for a side whose unmatched rows are emitted (outer, semi, anti), how
/// many rows of the other side it matches now.
/// </remarks>
internal sealed class StreamJoinSide
{
    public StreamJoinSide(RowSchema schema, IReadOnlyList<int> keys, bool preserved, string stateName, bool insertOnly = false)
    {
        Schema = schema;
        Keys = [.. keys];
        Preserved = preserved;
        StateName = stateName;
        InsertOnly = insertOnly;
        Width = schema.Count;
        StateTypes = [.. schema.Fields.Select(f => f.Type.WithNullable(true)), SqlType.BigInt, SqlType.BigInt];
    }

    public RowSchema Schema { get; }

    public int[] Keys { get; }

    /// <summary>True when a row of this side without a match is output (outer side, left side of semi / anti).</summary>
    public bool Preserved { get; }

    public string StateName { get; }

    /// <summary>The number of input columns (the count field's index).</summary>
    public int Width { get; }

    public int CountField => Width;

    public int MatchesField => Width + 1;

    public SqlType[] StateTypes { get; }

    public KeyEncoder? Encoder { get; set; }

    public IListState<StateRow>? Rows { get; set; }

    public StateRow NewRow()
    {
        var row = new StateRow(StateTypes);
        row.SetInt64(CountField, 0);
        row.SetInt64(MatchesField, 0);
        return row;
    }

    /// <summary>True when this input never retracts (insert-only): with no match counts to keep (not preserved) its rows are appended to state without reading it, duplicates as entries of their own.</summary>
    public bool InsertOnly { get; }

    /// <summary>The list without the rows whose count fell to 0 in this batch.</summary>
    public List<StateRow> Compact(List<StateRow> rows)
    {
        int live = 0;
        foreach (StateRow row in rows)
        {
            if (Count(row, CountField) > 0)
            {
                live++;
            }
        }

        return live == rows.Count ? rows : [.. rows.Where(r => Count(r, CountField) > 0)];
    }

    public static long Count(StateRow row, int field) => row.GetInt64(field);

    public static void Add(StateRow row, int field, long delta) => row.SetInt64(field, row.GetInt64(field) + delta);

    /// <summary>True when one of the key columns of row <paramref name="row"/> of <paramref name="batch"/> is NULL: such a row never matches (SQL equality).</summary>
    public bool HasNullKey(ColumnBatch batch, int row)
    {
        foreach (int k in Keys)
        {
            ColumnVector column = batch.Column(k);
            if (column.Type.Kind == SqlTypeKind.Null || column.IsNull(row))
            {
                return true;
            }
        }

        return false;
    }

    public EncodedKeys Scratch { get; } = new();
}
