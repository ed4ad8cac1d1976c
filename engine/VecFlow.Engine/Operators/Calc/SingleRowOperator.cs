using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;

namespace VecFlow.Engine.Operators.Calc;

/// <summary>The value of a scalar subquery: exactly one row, NULLs when the subquery is empty, an error when it has more.</summary>
public sealed class SingleRowOperator(RowSchema schema) : IBatchOperator
{
    private OperatorContext? _context;
    private ColumnBatch? _row;

    public string Name => "SingleRow";

    public void Open(OperatorContext context) => _context = context;

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            int live = batch.LiveCount;
            if (live == 0)
            {
                return;
            }

            if (live > 1 || _row is not null)
            {
                throw new SqlRuntimeException(SqlErrorKind.InvalidArgument, 0, "A scalar subquery returned more than one row; it must return at most one (add an aggregate, a WHERE on a key, or LIMIT 1).");
            }

            _row = batch.Compact(_context!.Pool);
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
        ColumnBatch row = _row ?? new ColumnBatch(schema.Names, [.. schema.Fields.Select(f => ColumnFactory.Constant(f.Type.WithNullable(true), null, 1, _context!.Pool))], 1);
        _row = null;
        output.Collect(row);
    }

    public void Dispose()
    {
        _row?.Dispose();
        _row = null;
    }
}
