using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Reads one <see cref="NexmarkSplit"/>: generates the requested columns a batch at a time.</summary>
/// <remarks>
/// Without rate limiting, batches are generated as fast as they are read. With it, a batch holds only the events
/// whose event time, measured from event 0, has passed on the wall clock since the reader opened; when none is due
/// the read waits (cancellably) for the next. Cancellation through the context's token ends any read, bounded or
/// not, with <see cref="OperationCanceledException"/>; an unbounded split never ends otherwise.
/// </remarks>
internal sealed class NexmarkSourceReader : ISourceReader
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(100);

    private readonly NexmarkSplit _split;
    private readonly NexmarkColumn[] _columns;
    private readonly NexmarkEventGenerator _generator;
    private readonly NexmarkEventModel _model;
    private readonly OperatorContext _context;
    private readonly TimeProvider? _pacingClock;
    private readonly long _openedAt;
    private NexmarkEventBlock? _block;
    private long _produced;
    private long _skippedMicros;
    private bool _disposed;

    public NexmarkSourceReader(
        NexmarkSplit split,
        NexmarkColumn[] columns,
        RowSchema schema,
        NexmarkEventGenerator generator,
        NexmarkEventModel model,
        OperatorContext context,
        TimeProvider? pacingClock)
    {
        _split = split;
        _columns = columns;
        Schema = schema;
        _generator = generator;
        _model = model;
        _context = context;
        _pacingClock = pacingClock;
        _openedAt = pacingClock?.GetTimestamp() ?? 0;
    }

    public RowSchema Schema { get; }

    public ColumnBatch? Read(int maxRows) => TryRead(maxRows, Timeout.InfiniteTimeSpan, out ColumnBatch? batch) ? batch : null;

    /// <summary>Like <see cref="Read"/>; a paced reader returns no batch when no event falls due within <paramref name="maxWait"/>.</summary>
    public bool TryRead(int maxRows, TimeSpan maxWait, out ColumnBatch? batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        _context.Cancellation.ThrowIfCancellationRequested();
        batch = null;
        long remaining = _split.Count is { } total ? total - _produced : long.MaxValue;
        if (remaining <= 0)
        {
            return false;
        }

        int count = (int)Math.Min(maxRows, remaining);
        if (_pacingClock is not null)
        {
            count = WaitUntilDue(_pacingClock, count, maxWait);
            if (count == 0)
            {
                return true;
            }
        }

        if (_block is null || _block.Capacity < count)
        {
            _block = new NexmarkEventBlock(_model, count);
        }

        _block.Reset(EventNumber(0), _split.Stride, count);
        var columns = new List<ColumnVector>(_columns.Length);
        try
        {
            foreach (NexmarkColumn column in _columns)
            {
                columns.Add(Generate(column, _block));
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }

        _produced += count;
        batch = new ColumnBatch(Schema.Names, columns, count);
        return true;
    }

    /// <summary>Seeks: the next event is <paramref name="rows"/> further on (events are a pure function of their number).</summary>
    public void Skip(long rows)
    {
        long remaining = _split.Count is { } total ? total - _produced : long.MaxValue;
        if (rows > remaining)
        {
            throw new ConnectorException($"The checkpoint says {rows} events of {_split.Description} were read, but it has only {remaining} left; was 'events.num' changed since the checkpoint?");
        }

        _produced += rows;

        // A paced reader resumes at the skipped events' time rather than waiting for it.
        _skippedMicros = _model.TimeMicros(EventNumber(0));
    }

    public void Dispose() => _disposed = true;

    private long EventNumber(long index) => _split.First + ((_produced + index) * _split.Stride);

    private ColumnVector Generate(NexmarkColumn column, NexmarkEventBlock block)
    {
        BufferPool pool = _context.Pool;
        if (column.Conversion == NexmarkConversion.Direct)
        {
            return _generator.Generate(column.Field, block, column.Type, pool);
        }

        using ColumnVector native = _generator.Generate(column.Field, block, NexmarkSchema.TypeOf(column.Field), pool);
        return column.Conversion == NexmarkConversion.Cast
            ? CastKernels.Cast(native, column.Type, default, pool)
            : Relabel(native, column.Type, pool);
    }

    /// <summary>A copy of a text column under another VARCHAR type (the bytes are kept whole).</summary>
    private static ColumnVector Relabel(ColumnVector text, SqlType type, BufferPool pool)
    {
        NativeBuffer? validity = null;
        NativeBuffer? offsets = null;
        NativeBuffer? data = null;
        try
        {
            if (text.HasNulls)
            {
                validity = pool.Rent(text.Validity.Length * sizeof(ulong));
                text.Validity.CopyTo(validity.Words);
            }

            offsets = pool.Rent(text.Offsets.Length * sizeof(int));
            text.Offsets.CopyTo(offsets.As<int>());
            data = pool.Rent(text.StringData.Length);
            text.StringData.CopyTo(data.Bytes);
            return ColumnVector.FromBuffers(type, text.Length, validity, offsets, data);
        }
        catch
        {
            validity?.Release();
            offsets?.Release();
            data?.Release();
            throw;
        }
    }

    /// <summary>How many of the next <paramref name="count"/> events are due, waiting until at least one is or <paramref name="maxWait"/> has passed (then 0).</summary>
    private int WaitUntilDue(TimeProvider clock, int count, TimeSpan maxWait)
    {
        long started = clock.GetTimestamp();
        while (true)
        {
            long elapsedMicros = (long)clock.GetElapsedTime(_openedAt).TotalMicroseconds + _skippedMicros;
            int due = DueCount(count, elapsedMicros);
            if (due > 0)
            {
                return due;
            }

            TimeSpan left = maxWait == Timeout.InfiniteTimeSpan ? LongestWait : maxWait - clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return 0;
            }

            long waitMicros = _model.TimeMicros(EventNumber(0)) - elapsedMicros;
            TimeSpan wait = TimeSpan.FromMicroseconds(Math.Max(waitMicros, 1));
            wait = wait < LongestWait ? wait : LongestWait;
            _context.Cancellation.WaitHandle.WaitOne(wait < left ? wait : left);
            _context.Cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The length of the prefix of the next <paramref name="count"/> events whose time offset is at most <paramref name="elapsedMicros"/>.</summary>
    private int DueCount(int count, long elapsedMicros)
    {
        int low = 0;
        int high = count;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (_model.TimeMicros(EventNumber(middle)) <= elapsedMicros)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
