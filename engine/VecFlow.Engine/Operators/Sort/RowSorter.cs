using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>
/// Sorts rows under a memory budget (spilling sorted runs and merging them), stably, optionally keeping only a window
/// of row numbers per group of equal leading keys (TopN, ROW_NUMBER ranges).
/// </summary>
/// <remarks>
/// <para>Input batches are compacted and buffered with their key values in <see cref="SortKeyBlock"/> lanes; sorting
/// permutes row indices, with the row's input position as the last key, so equal keys keep input order.</para>
/// <para>Groups are the rows equal on the first <c>groupKeys</c> keys (0 = all rows are one group). Rows numbered past
/// <c>lastRow</c> within their group can never be emitted, so when <c>lastRow</c> is bounded the buffer is pruned to
/// them whenever it doubles, and spilled runs hold only them: a TopN keeps about twice its N rows in memory.</para>
/// <para>When buffered bytes exceed the budget the buffer is sorted and written as a run. At the end, runs and the
/// sorted in-memory tail are merged with a heap, one batch per run in memory; ties go to the earlier run.</para>
/// </remarks>
internal sealed class RowSorter : IDisposable
{
    private readonly RowSchema _schema;
    private readonly IReadOnlyList<SortKey> _keys;
    private readonly OperatorContext _context;
    private readonly int _groupKeys;
    private readonly long _firstRow;
    private readonly long _lastRow;
    private readonly string _spillPrefix;
    private readonly List<ColumnBatch> _batches = [];
    private readonly List<SpillFile> _runs = [];
    private SortKeyBlock _block;
    private long _bytes;
    private int _rows;
    private long _pruneAt;
    private bool _finished;

    // After a plain TopN prune, the buffer's last row is the N-th best: a later row that does not sort before it can
    // never be emitted, so it is dropped on arrival instead of being buffered and sorted (-1: no such row yet).
    private int _cutoff = -1;

    /// <param name="schema">Columns of the input and the output.</param>
    /// <param name="keys">The order.</param>
    /// <param name="context">Pool, budget, spill directory, metrics and batch size.</param>
    /// <param name="groupKeys">How many leading keys form a group for row numbering (0 = one group).</param>
    /// <param name="firstRow">First 1-based row number within a group that is emitted.</param>
    /// <param name="lastRow">Last row number emitted (inclusive); <see cref="long.MaxValue"/> for all.</param>
    /// <param name="spillPrefix">Prefix of this sorter's spill file names.</param>
    public RowSorter(RowSchema schema, IReadOnlyList<SortKey> keys, OperatorContext context, int groupKeys = 0, long firstRow = 1, long lastRow = long.MaxValue, string spillPrefix = "sort")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstRow, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupKeys, keys.Count);
        _schema = schema;
        _keys = keys;
        _context = context;
        _groupKeys = groupKeys;
        _firstRow = firstRow;
        _lastRow = lastRow;
        _spillPrefix = spillPrefix;
        _block = new SortKeyBlock(schema, keys);
        _pruneAt = Math.Max(context.BatchRows, 1024);
    }

    private bool IsBounded => _lastRow != long.MaxValue;

    private bool IsEmptyWindow => _lastRow < _firstRow;

    /// <summary>
    /// Where a plain TopN publishes its cut-off row's first key after each prune (the scan below reads it as a dynamic
    /// filter); null when nobody reads it. Pruning then runs whenever the buffer doubles from N rows, so the cut-off
    /// tightens early: the scan filters with it, so few rows reach the buffer.
    /// </summary>
    public DynamicFilter? Cutoffs { get; init; }

    /// <summary>Takes ownership of <paramref name="batch"/> and buffers its live rows.</summary>
    public void Add(ColumnBatch batch)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        ColumnBatch compact;
        using (batch)
        {
            compact = batch.Compact(_context.Pool);
        }

        if (_cutoff >= 0 && compact.Length > 0)
        {
            compact = BeforeCutoff(compact);
        }

        if (compact.Length == 0 || IsEmptyWindow)
        {
            compact.Dispose();
            return;
        }

        _batches.Add(compact);
        _block.Append(compact);
        _rows += compact.Length;
        _bytes += BatchMemory.Bytes(compact);
        _context.Metrics.ObserveMemory(MemoryBytes);
        // A published cut-off filters the scan: the first one goes out as soon as the buffer holds more than N rows.
        if (IsBounded && (_rows >= _pruneAt || (Cutoffs is not null && _cutoff < 0 && _groupKeys == 0 && _rows > _lastRow)))
        {
            Prune();
        }

        if (_context.Budget.IsExceeded(MemoryBytes))
        {
            SpillBuffer();
        }
    }

    /// <summary>Bytes held by buffered batches and their key lanes.</summary>
    public long MemoryBytes => _bytes + _block.MemoryBytes;

    /// <summary>Emits every row in order, in batches of at most <c>BatchRows</c> rows, then releases everything.</summary>
    public void Finish(SortedBatchSink sink)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            if (_runs.Count == 0)
            {
                EmitBuffer(sink);
            }
            else
            {
                Merge(sink);
            }
        }
        finally
        {
            Release();
        }
    }

    public void Dispose()
    {
        _finished = true;
        Release();
    }

    private void Release()
    {
        ClearBuffer();
        foreach (SpillFile run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
    }

    private void ClearBuffer()
    {
        foreach (ColumnBatch batch in _batches)
        {
            batch.Dispose();
        }

        _batches.Clear();
        _block.Clear();
        _rows = 0;
        _bytes = 0;
        _cutoff = -1;
    }

    /// <summary>
    /// The rows of <paramref name="batch"/> (owned, compacted) that may sort before the cutoff row: those whose first
    /// key is not worse than the cutoff's (only the first key lane is built; ties on it are kept for the full sort).
    /// </summary>
    private ColumnBatch BeforeCutoff(ColumnBatch batch)
    {
        var incoming = new SortKeyBlock(_schema, [_keys[0]]);
        incoming.Append(batch);
        int[] rows = new int[batch.Length];
        int kept = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            if (incoming.Compare(r, _block, _cutoff, 1) <= 0)
            {
                rows[kept++] = r;
            }
        }

        if (kept == rows.Length)
        {
            return batch;
        }

        using (batch)
        {
            return RowGather.Gather([batch], new int[kept], rows.AsSpan(0, kept), _schema.Names, _context.Pool);
        }
    }

    /// <summary>Buffered row indices in sorted order (ties by input position).</summary>
    private int[] SortBuffer()
    {
        _context.Cancellation.ThrowIfCancellationRequested();
        var comparer = new BufferOrder(_block);
        if (_groupKeys == 0 && _lastRow < _rows)
        {
            return Best((int)_lastRow, comparer);
        }

        int[] order = new int[_rows];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        order.AsSpan().Sort(comparer);
        return order;
    }

    /// <summary>
    /// The <paramref name="count"/> first buffered rows in sorted order, through a heap of the best rows so far: a
    /// plain TopN never needs the rows after them, and most rows lose to the heap's worst with one comparison.
    /// </summary>
    private int[] Best(int count, BufferOrder comparer)
    {
        var worstFirst = new PriorityQueue<int, int>(count + 1, Comparer<int>.Create((x, y) => comparer.Compare(y, x)));
        for (int row = 0; row < _rows; row++)
        {
            if (worstFirst.Count < count)
            {
                worstFirst.Enqueue(row, row);
            }
            else if (comparer.Compare(row, worstFirst.Peek()) < 0)
            {
                worstFirst.DequeueEnqueue(row, row);
            }
        }

        int[] best = new int[worstFirst.Count];
        for (int i = best.Length - 1; i >= 0; i--)
        {
            best[i] = worstFirst.Dequeue();
        }

        return best;
    }

    /// <summary>The global row index -> (batch, row) maps of the buffer.</summary>
    private (int[] BatchOf, int[] RowOf) Locate()
    {
        int[] batchOf = new int[_rows];
        int[] rowOf = new int[_rows];
        int at = 0;
        for (int b = 0; b < _batches.Count; b++)
        {
            int length = _batches[b].Length;
            batchOf.AsSpan(at, length).Fill(b);
            for (int r = 0; r < length; r++)
            {
                rowOf[at + r] = r;
            }

            at += length;
        }

        return (batchOf, rowOf);
    }

    /// <summary>
    /// Walks sorted rows, numbering them within groups; returns the rows numbered up to lastRow (and from firstRow when
    /// <paramref name="forOutput"/>) with their numbers.
    /// </summary>
    private (int[] Rows, long[] Numbers) Window(int[] sorted, bool forOutput)
    {
        var rows = new List<int>(sorted.Length);
        var numbers = new List<long>(sorted.Length);
        long number = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            int row = sorted[i];
            number = i > 0 && (_groupKeys == 0 || _block.Compare(sorted[i - 1], _block, row, _groupKeys) == 0) ? number + 1 : 1;
            if (number > _lastRow)
            {
                if (_groupKeys == 0)
                {
                    break;
                }

                continue;
            }

            if (!forOutput || number >= _firstRow)
            {
                rows.Add(row);
                numbers.Add(number);
            }
        }

        return ([.. rows], [.. numbers]);
    }

    private void EmitBuffer(SortedBatchSink sink)
    {
        if (_rows == 0)
        {
            return;
        }

        (int[] rows, long[] numbers) = Window(SortBuffer(), forOutput: true);
        (int[] batchOf, int[] rowOf) = Locate();
        int emitted = 0;
        foreach (ColumnBatch chunk in GatherChunks(rows, batchOf, rowOf))
        {
            int start = emitted;
            emitted += chunk.Length;
            sink(chunk, numbers.AsSpan(start, chunk.Length));
        }
    }

    /// <summary>The buffered rows <paramref name="rows"/> (global indices, in this order) as batches of at most BatchRows rows.</summary>
    private IEnumerable<ColumnBatch> GatherChunks(int[] rows, int[] batchOf, int[] rowOf)
    {
        int chunkRows = Math.Max(1, _context.BatchRows);
        int[] sources = new int[Math.Min(chunkRows, rows.Length)];
        int[] locals = new int[sources.Length];
        for (int start = 0; start < rows.Length; start += chunkRows)
        {
            int n = Math.Min(chunkRows, rows.Length - start);
            for (int i = 0; i < n; i++)
            {
                int global = rows[start + i];
                sources[i] = batchOf[global];
                locals[i] = rowOf[global];
            }

            yield return RowGather.Gather(_batches, sources.AsSpan(0, n), locals.AsSpan(0, n), _schema.Names, _context.Pool);
        }
    }

    /// <summary>Drops buffered rows that can no longer be emitted, keeping the rest in sorted order.</summary>
    private void Prune()
    {
        (int[] rows, _) = Window(SortBuffer(), forOutput: false);
        if (rows.Length < _rows)
        {
            (int[] batchOf, int[] rowOf) = Locate();
            var kept = new List<ColumnBatch>();
            try
            {
                foreach (ColumnBatch chunk in GatherChunks(rows, batchOf, rowOf))
                {
                    kept.Add(chunk);
                }
            }
            catch
            {
                kept.ForEach(b => b.Dispose());
                throw;
            }

            _context.Metrics.ObserveMemory(MemoryBytes + kept.Sum(BatchMemory.Bytes));
            ClearBuffer();
            foreach (ColumnBatch batch in kept)
            {
                _batches.Add(batch);
                _block.Append(batch);
                _rows += batch.Length;
                _bytes += BatchMemory.Bytes(batch);
            }

            // The kept rows are in sorted order now.
            _cutoff = _groupKeys == 0 && _rows == _lastRow ? _rows - 1 : -1;
            if (_cutoff >= 0 && Cutoffs is { } cutoffs)
            {
                // The N-th row's first key: the last kept row is the last row of the last batch.
                ColumnBatch last = _batches[^1];
                cutoffs.Publish(CutoffValue(last.Columns[_keys[0].Column], last.Length - 1));
            }
        }

        _pruneAt = Math.Max(2L * _rows, Cutoffs is null ? Math.Max(_context.BatchRows, 1024) : 256);
    }

    /// <summary>The value of <paramref name="column"/> at <paramref name="row"/> (NULL included), through MAX over that one row.</summary>
    private static ScalarValue CutoffValue(ColumnVector column, int row)
    {
        ulong[] mask = new ulong[Bits.WordCount(column.Length)];
        Bits.Set(mask, row);
        return AggregateKernels.Max(column, mask);
    }

    /// <summary>Sorts the buffer and writes it (only rows still eligible) as one run, then empties the buffer.</summary>
    private void SpillBuffer()
    {
        (int[] rows, _) = Window(SortBuffer(), forOutput: false);
        (int[] batchOf, int[] rowOf) = Locate();
        SpillFile run = SpillFile.Create(_context.SpillDirectory, _schema, _spillPrefix);
        _runs.Add(run);
        foreach (ColumnBatch chunk in GatherChunks(rows, batchOf, rowOf))
        {
            using (chunk)
            {
                run.Append(chunk, _context.Pool);
            }
        }

        run.FinishWriting();
        _context.Metrics.AddSpill(run.Bytes);
        ClearBuffer();
        // A fresh block: the spilled arrays may have grown large, and runs are merged with their own blocks.
        _block = new SortKeyBlock(_schema, _keys);
    }

    private void Merge(SortedBatchSink sink)
    {
        var sources = new List<MergeSource>(_runs.Count + 1);
        var retired = new List<ColumnBatch>();
        try
        {
            for (int r = 0; r < _runs.Count; r++)
            {
                sources.Add(new SpilledRunSource(r, _runs[r], _schema, _keys, _context.Pool));
            }

            if (_rows > 0)
            {
                (int[] batchOf, int[] rowOf) = Locate();
                sources.Add(new BufferedRunSource(_runs.Count, _block, _batches, batchOf, rowOf, SortBuffer()));
            }

            var heap = new PriorityQueue<MergeSource, MergeSource>(sources.Count, new HeadOrder());
            foreach (MergeSource source in sources)
            {
                if (source.MoveNext(retired))
                {
                    heap.Enqueue(source, source);
                }
            }

            int chunkRows = Math.Max(1, _context.BatchRows);
            var chunk = new MergeChunk(chunkRows);
            SortKeyBlock? previousKeys = null;
            int previousRow = 0;
            long number = 0;
            while (heap.TryDequeue(out MergeSource? head, out _))
            {
                number = previousKeys is not null && (_groupKeys == 0 || head.Keys.Compare(head.KeyRow, previousKeys, previousRow, _groupKeys) == 0) ? number + 1 : 1;
                if (number > _lastRow && _groupKeys == 0)
                {
                    break;
                }

                if (number >= _firstRow && number <= _lastRow)
                {
                    chunk.Add(head.Batch, head.Row, number);
                }

                previousKeys = head.Keys;
                previousRow = head.KeyRow;
                if (chunk.IsFull)
                {
                    chunk.Flush(sink, _schema, _context);
                    retired.ForEach(b => b.Dispose());
                    retired.Clear();
                    _context.Cancellation.ThrowIfCancellationRequested();
                }

                if (head.MoveNext(retired))
                {
                    heap.Enqueue(head, head);
                }
            }

            chunk.Flush(sink, _schema, _context);
        }
        finally
        {
            retired.ForEach(b => b.Dispose());
            sources.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Orders buffered rows by key, then by input position (stability).</summary>
    private sealed class BufferOrder(SortKeyBlock block) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            int order = block.Compare(x, block, y);
            return order != 0 ? order : x.CompareTo(y);
        }
    }

    /// <summary>Orders merge inputs by their current row, then by run (stability).</summary>
    private sealed class HeadOrder : IComparer<MergeSource>
    {
        public int Compare(MergeSource? x, MergeSource? y)
        {
            int order = x!.Keys.Compare(x.KeyRow, y!.Keys, y.KeyRow);
            return order != 0 ? order : x.Order.CompareTo(y.Order);
        }
    }

    /// <summary>Rows picked by the merge for the next output batch, by source batch and row.</summary>
    private sealed class MergeChunk(int capacity)
    {
        private readonly List<ColumnBatch> _sources = [];
        private readonly Dictionary<ColumnBatch, int> _sourceIndex = new(ReferenceEqualityComparer.Instance);
        private readonly int[] _sourceOf = new int[capacity];
        private readonly int[] _rowOf = new int[capacity];
        private readonly long[] _numbers = new long[capacity];
        private int _count;

        public bool IsFull => _count == capacity;

        public void Add(ColumnBatch batch, int row, long number)
        {
            if (!_sourceIndex.TryGetValue(batch, out int source))
            {
                source = _sources.Count;
                _sources.Add(batch);
                _sourceIndex.Add(batch, source);
            }

            _sourceOf[_count] = source;
            _rowOf[_count] = row;
            _numbers[_count] = number;
            _count++;
        }

        public void Flush(SortedBatchSink sink, RowSchema schema, OperatorContext context)
        {
            if (_count > 0)
            {
                ColumnBatch batch = RowGather.Gather(_sources, _sourceOf.AsSpan(0, _count), _rowOf.AsSpan(0, _count), schema.Names, context.Pool);
                sink(batch, _numbers.AsSpan(0, _count));
            }

            _sources.Clear();
            _sourceIndex.Clear();
            _count = 0;
        }
    }
}
