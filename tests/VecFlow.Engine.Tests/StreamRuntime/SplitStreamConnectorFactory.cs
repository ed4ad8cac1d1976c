using System.Globalization;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>An endless source of BIGINT ids in <c>'splits'</c> splits (split i emits i, i + n, i + 2n, ...), a few rows per read.</summary>
/// <remarks>
/// Options: 'splits' (default 2, regardless of the parallelism, so one subtask may read several), 'rows-per-read'
/// (default 5), 'pause-ms' (default 5: how long a read takes) and 'stalled-split' (a split that never has a row; -1:
/// none). A BIGINT column gets the id, a TIMESTAMP(3) column the instant id * 10 ms after the epoch.
/// </remarks>
internal sealed class SplitStreamConnectorFactory : IConnectorFactory
{
    public string Identifier => "split-stream";

    public ITableSource CreateSource(TableContext table) => new Source(
        table.PhysicalSchema,
        (int)table.Options.GetLong("splits", 2),
        (int)table.Options.GetLong("rows-per-read", 5),
        TimeSpan.FromMilliseconds(table.Options.GetLong("pause-ms", 5)),
        (int)table.Options.GetLong("stalled-split", -1));

    public ITableSink CreateSink(TableContext table) => throw new ConnectorException("split-stream is a source only");

    private sealed record Split(int Index, int Count) : SourceSplit(string.Create(CultureInfo.InvariantCulture, $"split {Index} of {Count}"));

    private sealed class Source(RowSchema schema, int splits, int rowsPerRead, TimeSpan pause, int stalled) : ITableSource
    {
        public bool IsBounded => false;

        public IReadOnlyList<SourceSplit> PlanSplits(int parallelism) => [.. Enumerable.Range(0, splits).Select(i => new Split(i, splits))];

        public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) =>
            new Reader((Split)split, schema.Select(columns), rowsPerRead, pause, ((Split)split).Index == stalled, context);
    }

    private sealed class Reader(Split split, RowSchema schema, int rowsPerRead, TimeSpan pause, bool stalled, OperatorContext context) : ISourceReader
    {
        private long _next;

        public RowSchema Schema => schema;

        public ColumnBatch? Read(int maxRows)
        {
            ColumnBatch? batch;
            while (!TryRead(maxRows, TimeSpan.FromSeconds(1), out batch))
            {
            }

            return batch ?? Read(maxRows);
        }

        public bool TryRead(int maxRows, TimeSpan maxWait, out ColumnBatch? batch)
        {
            batch = null;
            context.Cancellation.WaitHandle.WaitOne(stalled ? maxWait : pause);
            context.Cancellation.ThrowIfCancellationRequested();
            if (stalled)
            {
                return true;
            }

            int n = Math.Min(maxRows, rowsPerRead);
            long[] ids = [.. Enumerable.Range(0, n).Select(i => split.Index + ((_next + i) * split.Count))];
            _next += n;
            long[] times = [.. ids.Select(id => id * 10)];
            batch = new ColumnBatch(schema.Names, [.. schema.Fields.Select(f => f.Type.Kind == SqlTypeKind.Timestamp ? ColumnFactory.FromValues<long>(f.Type, times, context.Pool) : ColumnFactory.FromValues<long>(f.Type, ids, context.Pool))], n);
            return true;
        }

        public void Skip(long rows) => _next += rows;

        public void Dispose()
        {
        }
    }
}
