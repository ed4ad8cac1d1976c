using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Operators.Join;

/// <summary>Row bitmaps of a batch that a join needs: the live rows, and the live rows whose keys are all non-NULL.</summary>
internal static class KeyedRows
{
    /// <summary>destination = the batch's live rows (all rows without a selection).</summary>
    public static void Live(ColumnBatch batch, Span<ulong> destination)
    {
        if (batch.Selection is { } selection)
        {
            selection.Words.CopyTo(destination);
        }
        else
        {
            Bits.SetAll(destination, batch.Length);
        }
    }

    /// <summary>destination = <paramref name="live"/> rows where no key column is NULL (SQL equality never matches NULL).</summary>
    public static void WithKeys(ColumnBatch batch, IReadOnlyList<int> keys, ReadOnlySpan<ulong> live, Span<ulong> destination)
    {
        live[..destination.Length].CopyTo(destination);
        foreach (int key in keys)
        {
            ColumnVector column = batch.Column(key);
            if (column.HasNulls)
            {
                Bits.And(destination, column.Validity, destination);
            }
        }
    }
}
