using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Window;

/// <summary>TUMBLE / HOP / CUMULATE as a table function: every input row once per window it falls in, plus the window's bounds.</summary>
/// <remarks>
/// <para>Output: all input columns, then window_start and window_end (TIMESTAMP(3) NOT NULL) and window_time
/// (window_end - 1 ms, typed like the time attribute, NOT NULL). Rows with a NULL time belong to no window: they are
/// dropped and counted in <see cref="OperatorMetrics.DroppedRows"/>.</para>
/// <para>Each batch first computes the aligned start of every row in one pass over the time column, then lists the
/// (row, window) pairs and replicates the input columns with <see cref="GatherKernels.Gather"/>, in output batches of
/// at most <see cref="OperatorContext.BatchRows"/> rows. TIMESTAMP_LTZ windows align in UTC.</para>
/// </remarks>
public sealed class WindowTableFunctionOperator : IBatchOperator
{
    private readonly WindowTableFunction _window;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly SqlType _windowTimeType;
    private OperatorContext? _context;
    private int[] _rows = [];
    private NativeBuffer? _starts;
    private NativeBuffer? _ends;
    private int _filled;
    private int _capacity;

    public WindowTableFunctionOperator(RowSchema input, WindowTableFunction window)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(window);
        window.Validate();
        if ((uint)window.TimeColumn >= (uint)input.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window.TimeColumn, $"The time column of {window} is outside the input {input}.");
        }

        SqlType timeType = input[window.TimeColumn].Type;
        if (timeType.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ArgumentException($"The time attribute '{input[window.TimeColumn].Name}' of {window.Kind.ToString().ToUpperInvariant()} is {timeType}; it must be TIMESTAMP(3) or TIMESTAMP_LTZ(3).", nameof(window));
        }

        _window = window;
        _windowTimeType = timeType.WithNullable(false);
        SqlType bound = SqlType.Timestamp.WithNullable(false);
        OutputSchema = new RowSchema([.. input.Fields, new Field("window_start", bound), new Field("window_end", bound), new Field("window_time", _windowTimeType)]);
        _outputNames = OutputSchema.Names;
    }

    public string Name => "WindowTableFunction";

    /// <summary>The input columns, then window_start, window_end and window_time.</summary>
    public RowSchema OutputSchema { get; }

    public WindowTableFunction Window => _window;

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _capacity = Math.Max(1, context.BatchRows);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            if (input != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(input), input, "A window table function has one input (0).");
            }

            OperatorContext context = _context ?? throw new InvalidOperationException("WindowTableFunction received a batch before Open.");
            context.Metrics.AddIn(batch.LiveCount);
            int n = batch.Length;
            if (n == 0)
            {
                return;
            }

            ColumnVector time = batch.Column(_window.TimeColumn);
            NativeBuffer startBuffer = context.Pool.Rent(n * sizeof(long));
            NativeBuffer liveBuffer = context.Pool.Rent(Bits.ByteCount(n));
            try
            {
                Span<ulong> live = liveBuffer.Words[..Bits.WordCount(n)];
                int liveRows = LiveRowsWithTime(batch, time, live);
                if (liveRows < batch.LiveCount)
                {
                    context.Metrics.AddDropped(batch.LiveCount - liveRows);
                }

                Span<long> starts = startBuffer.As<long>()[..n];
                long modulus = _window.Kind == WindowKind.Hop ? _window.StepMillis : _window.SizeMillis;
                AlignStarts(time.Values<long>(), _window.OffsetMillis, modulus, starts);
                Assign(batch, time.Values<long>(), starts, live, output);
                Flush(batch, output);
            }
            finally
            {
                startBuffer.Release();
                liveBuffer.Release();
                ReleasePending();
            }
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
        if (input != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "A window table function has one input (0).");
        }
    }

    public void Dispose() => ReleasePending();

    /// <summary>start = ts - ((ts - offset) mod modulus), the modulo floored so negative timestamps align downward.</summary>
    internal static void AlignStarts(ReadOnlySpan<long> times, long offset, long modulus, Span<long> starts)
    {
        for (int i = 0; i < times.Length; i++)
        {
            long t = times[i];
            long remainder = unchecked(t - offset) % modulus;
            starts[i] = t - (remainder < 0 ? remainder + modulus : remainder);
        }
    }

    /// <summary>The live rows whose time is not NULL, as bits in <paramref name="live"/>; returns how many.</summary>
    private static int LiveRowsWithTime(ColumnBatch batch, ColumnVector time, Span<ulong> live)
    {
        int n = batch.Length;
        if (batch.Selection is { } selection)
        {
            selection.Words.CopyTo(live);
        }
        else
        {
            Bits.SetAll(live, n);
        }

        if (time.HasNulls)
        {
            Bits.And(live, time.Validity[..live.Length], live);
        }

        return Bits.PopCount(live);
    }

    /// <summary>Lists the (row, window) pairs in row order, flushing an output batch whenever one is full.</summary>
    private void Assign(ColumnBatch batch, ReadOnlySpan<long> times, ReadOnlySpan<long> alignedStarts, ReadOnlySpan<ulong> live, IBatchCollector output)
    {
        long size = _window.SizeMillis;
        long step = _window.StepMillis;
        foreach (int row in new SetBitEnumerator(live, batch.Length))
        {
            long t = times[row];
            long start = alignedStarts[row];
            switch (_window.Kind)
            {
                case WindowKind.Tumble:
                    Append(batch, row, start, start + size, output);
                    break;
                case WindowKind.Hop:
                    {
                        // start is the latest window start at or before t; earlier ones, every slide back, still hold t while start + size > t.
                        long reach = size - (t - start);
                        long windows = reach > 0 ? ((reach - 1) / step) + 1 : 0;
                        for (long j = windows - 1; j >= 0; j--)
                        {
                            long s = start - (j * step);
                            Append(batch, row, s, s + size, output);
                        }

                        break;
                    }

                default:
                    {
                        // The cumulative windows of the period starting at start that already reach past t.
                        long last = size / step;
                        for (long k = ((t - start) / step) + 1; k <= last; k++)
                        {
                            Append(batch, row, start, start + (k * step), output);
                        }

                        break;
                    }
            }
        }
    }

    private void Append(ColumnBatch batch, int row, long start, long end, IBatchCollector output)
    {
        if (_filled == _capacity)
        {
            Flush(batch, output);
        }

        if (_starts is null)
        {
            _starts = _context!.Pool.Rent(_capacity * sizeof(long));
            _ends = _context.Pool.Rent(_capacity * sizeof(long));
            if (_rows.Length < _capacity)
            {
                _rows = new int[_capacity];
            }
        }

        _rows[_filled] = row;
        _starts.As<long>()[_filled] = start;
        _ends!.As<long>()[_filled] = end;
        _filled++;
    }

    /// <summary>Emits the pending (row, window) pairs as one batch: the gathered input columns and the three window columns.</summary>
    private void Flush(ColumnBatch batch, IBatchCollector output)
    {
        int count = _filled;
        if (count == 0)
        {
            return;
        }

        BufferPool pool = _context!.Pool;
        ReadOnlySpan<int> rows = _rows.AsSpan(0, count);
        var columns = new List<ColumnVector>(batch.Columns.Count + 3);
        ColumnVector? kinds = null;
        try
        {
            foreach (ColumnVector column in batch.Columns)
            {
                columns.Add(GatherKernels.Gather(column, rows, pool));
            }

            kinds = batch.RowKinds is null ? null : GatherKernels.Gather(batch.RowKinds, rows, pool);
            NativeBuffer times = pool.Rent(count * sizeof(long));
            ReadOnlySpan<long> ends = _ends!.As<long>()[..count];
            Span<long> windowTimes = times.As<long>()[..count];
            for (int i = 0; i < count; i++)
            {
                windowTimes[i] = ends[i] - 1;
            }

            SqlType bound = SqlType.Timestamp.WithNullable(false);
            NativeBuffer starts = _starts!;
            NativeBuffer endBuffer = _ends;
            _starts = null;
            _ends = null;
            _filled = 0;
            columns.Add(ColumnVector.FromBuffers(bound, count, null, Shrunk(starts, count)));
            columns.Add(ColumnVector.FromBuffers(bound, count, null, Shrunk(endBuffer, count)));
            columns.Add(ColumnVector.FromBuffers(_windowTimeType, count, null, times));
            var result = new ColumnBatch(_outputNames, columns, count, null, kinds);
            columns = [];
            kinds = null;
            _context.Metrics.AddOut(count);
            output.Collect(result);
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
            kinds?.Dispose();
        }
    }

    private static NativeBuffer Shrunk(NativeBuffer buffer, int rows)
    {
        buffer.Shrink(rows * sizeof(long));
        return buffer;
    }

    private void ReleasePending()
    {
        _starts?.Release();
        _ends?.Release();
        _starts = null;
        _ends = null;
        _filled = 0;
    }
}
