using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Collects the changes an operator emits for one input batch as state rows and sends them out as changelog batches.</summary>
/// <param name="schema">The output schema.</param>
/// <param name="fields">For each output column, the state row field it comes from; -1 for the extra BIGINT column (a row number).</param>
internal sealed class ChangelogBatch(RowSchema schema, int[] fields)
{
    private readonly List<StateRow> _rows = [];
    private readonly List<long> _extra = [];
    private readonly List<RowKind> _kinds = [];

    public int Count => _rows.Count;

    public void Add(RowKind kind, StateRow row, long extra = 0)
    {
        _kinds.Add(kind);
        _rows.Add(row);
        _extra.Add(extra);
    }

    /// <summary>Emits the collected changes in order, at most <see cref="OperatorContext.BatchRows"/> per batch, and forgets them.</summary>
    public void Flush(OperatorContext context, IBatchCollector output)
    {
        int batchRows = Math.Max(1, context.BatchRows);
        for (int start = 0; start < _rows.Count; start += batchRows)
        {
            int length = Math.Min(batchRows, _rows.Count - start);
            ColumnBatch batch = Build(start, length, context);
            context.Metrics.AddOut(length);
            output.Collect(batch);
        }

        _rows.Clear();
        _extra.Clear();
        _kinds.Clear();
    }

    private ColumnBatch Build(int start, int length, OperatorContext context)
    {
        List<StateRow> rows = _rows.GetRange(start, length);
        var columns = new List<ColumnVector>(fields.Length);
        ColumnVector? rowKinds = null;
        try
        {
            for (int c = 0; c < fields.Length; c++)
            {
                SqlType type = schema[c].Type;
                columns.Add(fields[c] < 0
                    ? ColumnFactory.FromValues(type, _extra.GetRange(start, length).ToArray(), context.Pool)
                    : StateRowColumns.Build(type, rows, fields[c], context.Pool));
            }

            sbyte[] kinds = new sbyte[length];
            for (int r = 0; r < length; r++)
            {
                kinds[r] = (sbyte)_kinds[start + r];
            }

            rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt.WithNullable(false), kinds, context.Pool);
            var batch = new ColumnBatch(schema.Names, columns, length, null, rowKinds);
            columns = [];
            rowKinds = null;
            return batch;
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
            rowKinds?.Dispose();
        }
    }
}
