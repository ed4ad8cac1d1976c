using VecFlow.Engine.Connectors;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>A sink that keeps every row written to it (with its row kind) where a test can watch them arrive while the job runs.</summary>
internal sealed class CollectingConnectorFactory : IConnectorFactory
{
    private readonly object _lock = new();
    private readonly List<object?[]> _rows = [];
    private readonly List<int> _batchSizes = [];

    public string Identifier => "collect";

    /// <summary>The rows written so far, each with its row kind ("+I", "-U", ...) appended as the last value.</summary>
    public List<object?[]> Rows
    {
        get
        {
            lock (_lock)
            {
                return [.. _rows];
            }
        }
    }

    /// <summary>The live rows of each batch written so far.</summary>
    public List<int> BatchSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _batchSizes];
            }
        }
    }

    public ITableSource CreateSource(TableContext table) => throw new ConnectorException("collect is a sink only");

    public ITableSink CreateSink(TableContext table) => new Sink(this);

    /// <summary>Waits until <paramref name="condition"/> holds for the rows written so far; false after <paramref name="timeout"/> (the test then fails).</summary>
    public bool WaitFor(Func<List<object?[]>, bool> condition, TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        lock (_lock)
        {
            while (!condition(_rows))
            {
                TimeSpan left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                {
                    return condition(_rows);
                }
            }

            return true;
        }
    }

    private void Add(ColumnBatch batch)
    {
        using (batch)
        {
            var columns = batch.Columns.Select(ColumnFactory.ToObjects).ToList();
            lock (_lock)
            {
                int live = 0;
                for (int r = 0; r < batch.Length; r++)
                {
                    if (batch.Selection is null || batch.Selection.IsSelected(r))
                    {
                        live++;
                        _rows.Add([.. columns.Select(c => c[r]), batch.RowKindAt(r).ToString()]);
                    }
                }

                _batchSizes.Add(live);
                Monitor.PulseAll(_lock);
            }
        }
    }

    private sealed class Sink(CollectingConnectorFactory owner) : ITableSink
    {
        public ISinkWriter Open(OperatorContext context) => new Writer(owner);
    }

    private sealed class Writer(CollectingConnectorFactory owner) : ISinkWriter
    {
        public void Write(ColumnBatch batch) => owner.Add(batch);

        public void Finish()
        {
        }

        public void Dispose()
        {
        }
    }
}
