using VecFlow.Engine.Connectors;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>A bounded one-split source of BIGINT batches given by the test, which calls <see cref="BeforeBatch"/> before each batch after the first.</summary>
/// <remarks>Lets a test act between batches (wait for a sink, move a clock) while the job runs, without sleeping.</remarks>
internal sealed class SteppedConnectorFactory(long[][] batches, Action<int> beforeBatch) : IConnectorFactory
{
    public string Identifier => "stepped";

    public Action<int> BeforeBatch { get; } = beforeBatch;

    public long[][] Batches { get; } = batches;

    public ITableSource CreateSource(TableContext table) => new Source(this, table.PhysicalSchema);

    public ITableSink CreateSink(TableContext table) => throw new ConnectorException("stepped is a source only");

    private sealed class Source(SteppedConnectorFactory owner, RowSchema schema) : ITableSource
    {
        public bool IsBounded => true;

        public IReadOnlyList<SourceSplit> PlanSplits(int parallelism) => [new SourceSplit("all batches")];

        public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) => new Reader(owner, schema.Select(columns), context);
    }

    private sealed class Reader(SteppedConnectorFactory owner, RowSchema schema, OperatorContext context) : ISourceReader
    {
        private int _next;

        public RowSchema Schema => schema;

        public ColumnBatch? Read(int maxRows)
        {
            if (_next == owner.Batches.Length)
            {
                return null;
            }

            if (_next > 0)
            {
                owner.BeforeBatch(_next);
            }

            long[] values = owner.Batches[_next++];
            return new ColumnBatch(schema.Names, [.. schema.Fields.Select(f => ColumnFactory.FromValues<long>(f.Type, values, context.Pool))], values.Length);
        }

        public void Dispose()
        {
        }
    }
}
