using System.Globalization;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>An operator's output changelog applied to a multiset of rows: +I/+U add a row, -U/-D remove one that must be there.</summary>
internal sealed class MaterializedChangelog : IBatchCollector
{
    private readonly Dictionary<string, (object?[] Row, int Count)> _rows = [];

    /// <summary>How many changes were applied (a measure of output volume).</summary>
    public int Changes { get; private set; }

    public void Collect(ColumnBatch batch)
    {
        using (batch)
        {
            var columns = batch.Columns.Select(ColumnFactory.ToObjects).ToList();
            for (int r = 0; r < batch.Length; r++)
            {
                if (batch.Selection is not null && !batch.Selection.IsSelected(r))
                {
                    continue;
                }

                object?[] row = [.. columns.Select(c => c[r])];
                string text = Text(row);
                _rows.TryGetValue(text, out (object?[] Row, int Count) entry);
                RowKind kind = batch.RowKindAt(r);
                if (kind.IsRetraction())
                {
                    Assert.True(entry.Count > 0, $"{kind.ToShortString()} of a row not in the result: {text}");
                    _rows[text] = (row, entry.Count - 1);
                }
                else
                {
                    _rows[text] = (row, entry.Count + 1);
                }

                Changes++;
            }
        }
    }

    /// <summary>The rows present now, as sorted text lines (for multiset comparison).</summary>
    public List<string> Lines() => [.. _rows.Values.SelectMany(v => Enumerable.Repeat(Text(v.Row), v.Count)).Order(StringComparer.Ordinal)];

    public static string Text(IEnumerable<object?> row) => string.Join("|", row.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    public static List<string> Lines(IEnumerable<IEnumerable<object?>> rows) => [.. rows.Select(Text).Order(StringComparer.Ordinal)];
}
