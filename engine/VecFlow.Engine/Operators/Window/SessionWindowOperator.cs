using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Window;

/// <summary>
/// SESSION windows in batch mode: every input row once, plus the bounds of its session (window_start, window_end,
/// window_time). A session of a partition key is a run of rows, in time order, whose consecutive times are at most
/// the gap apart; it starts at its first row's time and ends at its last row's time plus the gap.
/// </summary>
/// <remarks>
/// <para>Consecutive rows exactly one gap apart stay in one session, as in Flink, whose session windows [t, t + gap)
/// merge when they touch. Rows with a NULL time belong to no session: they are dropped and counted.</para>
/// <para>The input is sorted by (partition keys, time) with <see cref="RowSorter"/>, which spills under the memory
/// budget; the sorted stream is then cut into sessions in one pass. A session's rows stay buffered until the session
/// closes (its end is known only then), so memory holds the longest session plus one batch.</para>
/// </remarks>
public sealed class SessionWindowOperator : IBatchOperator
{
    private readonly RowSchema _input;
    private readonly int _timeColumn;
    private readonly long _gapMillis;
    private readonly int _partitionKeys;
    private readonly List<SortKey> _sortKeys;
    private readonly string[] _names;
    private readonly SqlType _windowTimeType;

    /// <summary>Sorted batches whose rows are not all emitted yet.</summary>
    private readonly List<ColumnBatch> _held = [];

    /// <summary>(held batch, row) of the open session's rows.</summary>
    private readonly List<(int Batch, int Row)> _session = [];

    /// <summary>Rows of closed sessions waiting for the next output batch, and their window bounds.</summary>
    private readonly List<(int Batch, int Row, long Start, long End)> _closed = [];
    private OperatorContext? _context;
    private RowSorter? _sorter;
    private long _sessionStart;
    private long _sessionLast;

    public SessionWindowOperator(RowSchema input, IReadOnlyList<int> partitionKeys, int timeColumn, long gapMillis)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(partitionKeys);
        if ((uint)timeColumn >= (uint)input.Count || partitionKeys.Any(k => (uint)k >= (uint)input.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(timeColumn), $"The time column {timeColumn} or a partition key [{string.Join(", ", partitionKeys)}] is outside the input {input}.");
        }

        SqlType timeType = input[timeColumn].Type;
        if (timeType.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ArgumentException($"The time attribute '{input[timeColumn].Name}' of SESSION is {timeType}; it must be TIMESTAMP(3) or TIMESTAMP_LTZ(3).", nameof(timeColumn));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gapMillis);
        _input = input;
        _timeColumn = timeColumn;
        _gapMillis = gapMillis;
        _partitionKeys = partitionKeys.Count;
        _sortKeys = [.. partitionKeys.Select(SortKey.Ascending), SortKey.Ascending(timeColumn)];
        _windowTimeType = timeType.WithNullable(false);
        SqlType bound = SqlType.Timestamp.WithNullable(false);
        OutputSchema = new RowSchema([.. input.Fields, new Field("window_start", bound), new Field("window_end", bound), new Field("window_time", _windowTimeType)]);
        _names = [.. OutputSchema.Names];
    }

    public string Name => "SessionWindow";

    /// <summary>The input columns, then window_start, window_end and window_time.</summary>
    public RowSchema OutputSchema { get; }

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _sorter = new RowSorter(_input, _sortKeys, context, _partitionKeys, spillPrefix: "session");
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the SESSION window operator before sending it batches.");
        _context!.Metrics.AddIn(batch.LiveCount);
        sorter.Add(batch);
    }

    public void EndInput(int input, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the SESSION window operator before ending its input.");
        sorter.Finish((batch, rowNumbers) => Accept(batch, rowNumbers, output));
        CloseSession();
        Flush(output);
    }

    public void Dispose()
    {
        _sorter?.Dispose();
        _sorter = null;
        foreach (ColumnBatch batch in _held)
        {
            batch.Dispose();
        }

        _held.Clear();
        _session.Clear();
        _closed.Clear();
    }

    /// <summary>Cuts one sorted batch into sessions; emits the rows of sessions that closed.</summary>
    private void Accept(ColumnBatch batch, ReadOnlySpan<long> rowNumbers, IBatchCollector output)
    {
        _held.Add(batch);
        int held = _held.Count - 1;
        ColumnVector time = batch.Column(_timeColumn);
        ReadOnlySpan<long> times = time.Values<long>();
        ReadOnlySpan<ulong> valid = time.Validity;
        long dropped = 0;
        for (int r = 0; r < batch.Length; r++)
        {
            if (rowNumbers[r] == 1)
            {
                CloseSession();
            }

            if (!valid.IsEmpty && !Bits.Get(valid, r))
            {
                dropped++;
                continue;
            }

            long t = times[r];
            if (_session.Count > 0 && t - _sessionLast > _gapMillis)
            {
                CloseSession();
            }

            if (_session.Count == 0)
            {
                _sessionStart = t;
            }

            _sessionLast = t;
            _session.Add((held, r));
        }

        if (dropped > 0)
        {
            _context!.Metrics.AddDropped(dropped);
        }

        Flush(output);
    }

    private void CloseSession()
    {
        long end = _sessionLast + _gapMillis;
        foreach ((int batch, int row) in _session)
        {
            _closed.Add((batch, row, _sessionStart, end));
        }

        _session.Clear();
    }

    /// <summary>Emits the rows of closed sessions, then releases the batches only the emitted rows needed.</summary>
    private void Flush(IBatchCollector output)
    {
        OperatorContext context = _context!;
        int chunkRows = Math.Max(1, context.BatchRows);
        for (int from = 0; from < _closed.Count; from += chunkRows)
        {
            int count = Math.Min(chunkRows, _closed.Count - from);
            int[] sources = new int[count];
            int[] rows = new int[count];
            long[] starts = new long[count];
            long[] ends = new long[count];
            long[] times = new long[count];
            for (int i = 0; i < count; i++)
            {
                (int batch, int row, long start, long end) = _closed[from + i];
                sources[i] = batch;
                rows[i] = row;
                starts[i] = start;
                ends[i] = end;
                times[i] = end - 1;
            }

            var columns = new List<ColumnVector>(_names.Length);
            try
            {
                for (int c = 0; c < _input.Count; c++)
                {
                    columns.Add(RowGather.GatherColumn(_held, c, sources, rows, context.Pool));
                }

                columns.Add(ColumnFactory.FromValues<long>(OutputSchema[_input.Count].Type, starts, context.Pool));
                columns.Add(ColumnFactory.FromValues<long>(OutputSchema[_input.Count + 1].Type, ends, context.Pool));
                columns.Add(ColumnFactory.FromValues<long>(_windowTimeType, times, context.Pool));
                var batch = new ColumnBatch(_names, columns, count);
                context.Metrics.AddOut(count);
                output.Collect(batch);
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }
        }

        _closed.Clear();

        // Batches before the open session's first row are no longer needed; renumber what stays.
        int keep = _session.Count > 0 ? _session[0].Batch : _held.Count;
        if (keep > 0)
        {
            for (int b = 0; b < keep; b++)
            {
                _held[b].Dispose();
            }

            _held.RemoveRange(0, keep);
            for (int i = 0; i < _session.Count; i++)
            {
                _session[i] = (_session[i].Batch - keep, _session[i].Row);
            }
        }
    }
}
