using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors.Blackhole;

/// <summary>Discards rows, counting them (across all subtasks) so a run can report what it produced.</summary>
public sealed class BlackholeSink : ITableSink
{
    private long _rows;

    /// <summary>Live rows written so far, over all writers.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    public ISinkWriter Open(OperatorContext context) => new Writer(this);

    private sealed class Writer(BlackholeSink sink) : ISinkWriter
    {
        public void Write(ColumnBatch batch)
        {
            using (batch)
            {
                // The runtime counts the sink's rows in its metrics; this count is the table's own.
                Interlocked.Add(ref sink._rows, batch.LiveCount);
            }
        }

        public void Finish()
        {
        }

        public void Dispose()
        {
        }
    }
}
