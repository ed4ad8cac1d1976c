using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Datagen;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Tests.Jobs;

/// <summary>A datagen source that, after its first batch, signals <see cref="Reached"/> and blocks until <see cref="Gate"/> opens or the job is cancelled.</summary>
/// <remarks>Lets a test observe a job that is certainly running, without sleeping.</remarks>
internal sealed class GatedConnectorFactory : IConnectorFactory
{
    private readonly DatagenConnectorFactory _datagen = new();

    public string Identifier => "gated";

    public ManualResetEventSlim Reached { get; } = new();

    public ManualResetEventSlim Gate { get; } = new();

    public ITableSource CreateSource(TableContext table) => new GatedSource(_datagen.CreateSource(table), this);

    public ITableSink CreateSink(TableContext table) => throw new ConnectorException("the gated connector is a source only");

    private sealed class GatedSource(ITableSource inner, GatedConnectorFactory owner) : ITableSource
    {
        public bool IsBounded => inner.IsBounded;

        public IReadOnlyList<SourceSplit> PlanSplits(int parallelism) => inner.PlanSplits(parallelism);

        public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) =>
            new GatedReader(inner.Open(split, columns, context), owner, context.Cancellation);
    }

    private sealed class GatedReader(ISourceReader inner, GatedConnectorFactory owner, CancellationToken cancellation) : ISourceReader
    {
        private int _batches;

        public RowSchema Schema => inner.Schema;

        public ColumnBatch? Read(int maxRows)
        {
            if (_batches++ == 1)
            {
                owner.Reached.Set();
                owner.Gate.Wait(cancellation);
            }

            return inner.Read(maxRows);
        }

        public void Dispose() => inner.Dispose();
    }
}
