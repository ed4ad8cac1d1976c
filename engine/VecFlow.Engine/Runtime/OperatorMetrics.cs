namespace VecFlow.Engine.Runtime;

/// <summary>Counters of one operator instance; read by progress display, EXPLAIN ANALYZE, tuning and tests.</summary>
public sealed class OperatorMetrics
{
    private long _rowsIn;
    private long _rowsOut;
    private long _batchesIn;
    private long _batchesOut;
    private long _spilledBytes;
    private long _spillFiles;
    private long _peakMemoryBytes;
    private long _droppedRows;
    private long _watermark = long.MinValue;

    public long RowsIn => Interlocked.Read(ref _rowsIn);

    public long RowsOut => Interlocked.Read(ref _rowsOut);

    public long BatchesIn => Interlocked.Read(ref _batchesIn);

    public long BatchesOut => Interlocked.Read(ref _batchesOut);

    public long SpilledBytes => Interlocked.Read(ref _spilledBytes);

    public long SpillFiles => Interlocked.Read(ref _spillFiles);

    public long PeakMemoryBytes => Interlocked.Read(ref _peakMemoryBytes);

    /// <summary>Rows skipped on purpose (malformed input with ignore-parse-errors, late rows); never silently lost.</summary>
    public long DroppedRows => Interlocked.Read(ref _droppedRows);

    /// <summary>The operator's current event-time watermark in epoch millis (streaming; <see cref="long.MinValue"/> before the first, <see cref="long.MaxValue"/> at the end of input).</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>Event-to-sink latency of the batches a sink wrote (from the source's read of the batch they result from); empty elsewhere.</summary>
    public LatencyHistogram Latency { get; } = new();

    public void AddIn(long rows)
    {
        Interlocked.Add(ref _rowsIn, rows);
        Interlocked.Increment(ref _batchesIn);
    }

    public void AddOut(long rows)
    {
        Interlocked.Add(ref _rowsOut, rows);
        Interlocked.Increment(ref _batchesOut);
    }

    public void AddSpill(long bytes)
    {
        Interlocked.Add(ref _spilledBytes, bytes);
        Interlocked.Increment(ref _spillFiles);
    }

    public void AddDropped(long rows) => Interlocked.Add(ref _droppedRows, rows);

    /// <summary>Sets the watermark gauge (the runtime, as the watermark reaches the operator).</summary>
    public void SetWatermark(long watermark) => Interlocked.Exchange(ref _watermark, watermark);

    public void ObserveMemory(long bytes)
    {
        long peak;
        while (bytes > (peak = Interlocked.Read(ref _peakMemoryBytes)))
        {
            Interlocked.CompareExchange(ref _peakMemoryBytes, bytes, peak);
        }
    }

    /// <summary>One operator's metrics over its subtasks: counters summed, peak memory the largest subtask's.</summary>
    public static OperatorMetrics Sum(IEnumerable<OperatorMetrics> subtasks)
    {
        var total = new OperatorMetrics();
        bool first = true;
        foreach (OperatorMetrics m in subtasks)
        {
            // The operator's watermark is its slowest subtask's.
            total._watermark = first ? m.Watermark : Math.Min(total._watermark, m.Watermark);
            first = false;
            total._rowsIn += m.RowsIn;
            total._rowsOut += m.RowsOut;
            total._batchesIn += m.BatchesIn;
            total._batchesOut += m.BatchesOut;
            total._spilledBytes += m.SpilledBytes;
            total._spillFiles += m.SpillFiles;
            total._droppedRows += m.DroppedRows;
            total._peakMemoryBytes = Math.Max(total._peakMemoryBytes, m.PeakMemoryBytes);
            total.Latency.Add(m.Latency);
        }

        return total;
    }
}
