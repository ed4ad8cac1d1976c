using System.Globalization;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The value counts of every DISTINCT call over one argument column, in ONE map state: value -> a count per call.</summary>
/// <remarks>
/// <para>Nexmark q15 / q16 count the distinct values of one column four times (no FILTER and three FILTERs), as Flink's
/// shared distinct views do; one map entry per (group, value) holding one count per call makes a batch cost one state
/// read and one write per pair instead of one per pair and call.</para>
/// <para>Each member call hands over its rows (<see cref="Collect"/>, in call order); when the last member's rows are
/// in, the batch is folded: one pair map over (group, value) for the union of their rows, ONE batched read of the
/// changed pairs, ONE write of the pairs some call still counts and ONE removal of the pairs none counts. Then each
/// member gets the rows where a value appeared (+1) or disappeared (-1) for it, which feed its inner accumulator.</para>
/// </remarks>
internal sealed class SharedDistinctCounts(string name, SqlType valueType)
{
    private static readonly long[] NoNamespace = [0];

    private readonly List<GroupDistinctAccumulator> _members = [];
    private EncodedKeys _pairKeys = new();
    private EncodedKeys _kept = new();
    private EncodedKeys _dropped = new();
    private IMapState<ReadOnlyMemory<byte>, long[]>? _state;
    private MemberRows[] _rows = [];
    private GroupIdMap? _pairs;

    // Per-batch scratch, kept across batches (grown to the largest batch, never shrunk): a batch allocates only the
    // value bytes and counts of the entries it reads and writes.
    private ulong[] _union = [];
    private int[] _pairIds = [];
    private long[] _delta = [];
    private int[] _first = [];
    private int[] _groupOf = [];
    private int[] _changed = [];
    private ReadOnlyMemory<byte>[] _valueBytes = [];
    private byte[] _valueArena = [];
    private long[][] _old = [];
    private bool[] _found = [];
    private ReadOnlyMemory<byte>[] _keptValues = [];
    private long[][] _keptCounts = [];
    private ReadOnlyMemory<byte>[] _droppedValues = [];
    private long[][] _freshCounts = [];

    public string Name { get; } = name;

    /// <summary>Adds a member call; returns its index in the per-call counts.</summary>
    public int Join(GroupDistinctAccumulator member)
    {
        _members.Add(member);
        _rows = [.. _members.Select(_ => new MemberRows())];
        return _members.Count - 1;
    }

    public void Open(IKeyedStateBackend backend, StateTtl? ttl)
    {
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _pairKeys = new(backend.MaxParallelism);
        _kept = new(backend.MaxParallelism);
        _dropped = new(backend.MaxParallelism);
        var descriptor = new MapStateDescriptor<ReadOnlyMemory<byte>, long[]>(Name, new OrderedValueSerializer(valueType), new CountsSerializer(_members.Count), ttl);
        _state = backend.GetMapState(descriptor);
    }

    /// <summary>Takes member <paramref name="member"/>'s rows of the batch; the last member's call folds the batch into every member.</summary>
    public void Collect(int member, GroupAccumulatorInput input, StateRow[] accs)
    {
        _rows[member].Set(input);
        if (member < _members.Count - 1)
        {
            return;
        }

        Fold(input);
        for (int m = 0; m < _members.Count; m++)
        {
            MemberRows events = _rows[m];
            _members[m].AddEvents(
                new GroupAccumulatorInput(input.Values, input.GroupIds, input.Mask, events.EventRows, events.EventGroups, events.EventWeights, input.GroupKeys, input.Pool),
                accs);
        }
    }

    /// <summary>Removes every value of the given group keys (their last row was retracted).</summary>
    public void Clear(EncodedKeys keys) => _state!.Clear(keys, NoNamespace);

    /// <summary>Gives back the pair map's table and scratch.</summary>
    public void Close()
    {
        _pairs?.Dispose();
        _pairs = null;
    }

    private void Fold(GroupAccumulatorInput input)
    {
        int members = _members.Count;
        foreach (MemberRows rows in _rows)
        {
            rows.ClearEvents();
        }

        if (_rows.All(r => r.Count == 0))
        {
            return;
        }

        int n = input.Values!.Length;
        int words = input.Mask.Length;
        Span<ulong> union = Scratch.Grow(ref _union, words);
        union.Clear();
        foreach (MemberRows rows in _rows)
        {
            rows.OrMaskInto(union);
        }

        // One pair map for the operator's life: reset per batch, it keeps its table at the largest batch's size.
        _pairs ??= new GroupIdMap([SqlType.Int.WithNullable(false), valueType], input.Pool, Math.Min(n, 1024));
        _pairs.Reset();
        Span<int> pairIds = Scratch.Grow(ref _pairIds, n);
        _pairs.Map([input.GroupIds, input.Values], union, pairIds);
        int pairCount = _pairs.GroupCount;
        Span<long> delta = Scratch.Grow(ref _delta, pairCount * members);
        Span<int> first = Scratch.Grow(ref _first, pairCount);
        Span<int> groupOf = Scratch.Grow(ref _groupOf, pairCount);
        delta.Clear();
        first.Fill(-1);
        for (int m = 0; m < members; m++)
        {
            MemberRows rows = _rows[m];
            for (int i = 0; i < rows.Count; i++)
            {
                int row = rows.Rows[i];
                int p = pairIds[row];
                delta[(p * members) + m] += rows.Weights[i];
                if (first[p] < 0)
                {
                    first[p] = row;
                    groupOf[p] = rows.Groups[i];
                }
            }
        }

        // The pairs some member's count changed for, with their value bytes.
        _pairKeys.Clear();
        Scratch.Grow(ref _changed, pairCount);
        Scratch.Grow(ref _valueBytes, pairCount);
        int count = 0;
        int arenaUsed = 0;
        for (int p = 0; p < pairCount; p++)
        {
            if (delta.Slice(p * members, members).ContainsAnyExcept(0L))
            {
                int group = groupOf[p];
                _pairKeys.Add(input.GroupKeys.Key(group), input.GroupKeys.Hashes[group], group);
                _changed[count] = p;
                _valueBytes[count] = EncodeValue(input.Values, first[p], ref arenaUsed);
                count++;
            }
        }

        if (count == 0)
        {
            return;
        }

        Span<long[]> old = Scratch.Grow(ref _old, count);
        Span<bool> found = Scratch.Grow(ref _found, count);
        ReadOnlySpan<ReadOnlyMemory<byte>> valueBytes = _valueBytes.AsSpan(0, count);
        _state!.GetValues(_pairKeys, NoNamespace, valueBytes, old, found);
        _kept.Clear();
        _dropped.Clear();
        Scratch.Grow(ref _keptValues, count);
        Scratch.Grow(ref _keptCounts, count);
        Scratch.Grow(ref _droppedValues, count);
        int kept = 0;
        int dropped = 0;
        int fresh = 0;
        for (int i = 0; i < count; i++)
        {
            int p = _changed[i];
            long[] counts = found[i] ? old[i] : FreshCounts(fresh++, members);
            bool any = false;
            for (int m = 0; m < members; m++)
            {
                long before = counts[m];
                long after = before + delta[(p * members) + m];
                counts[m] = after;
                any |= after > 0;
                if ((before > 0) != (after > 0))
                {
                    _rows[m].AddEvent(first[p], groupOf[p], after > 0 ? 1 : -1);
                }
            }

            if (any)
            {
                _kept.Add(_pairKeys.Key(i), _pairKeys.Hashes[i]);
                _keptValues[kept] = valueBytes[i];
                _keptCounts[kept] = counts;
                kept++;
            }
            else if (found[i])
            {
                _dropped.Add(_pairKeys.Key(i), _pairKeys.Hashes[i]);
                _droppedValues[dropped] = valueBytes[i];
                dropped++;
            }
        }

        if (kept > 0)
        {
            _state.PutValues(_kept, NoNamespace, _keptValues.AsSpan(0, kept), _keptCounts.AsSpan(0, kept));
        }

        if (dropped > 0)
        {
            _state.RemoveKeys(_dropped, NoNamespace, _droppedValues.AsSpan(0, dropped));
        }

        // Drop the references to this batch's keys and counts so the scratch does not keep them alive.
        old.Clear();
        _valueBytes.AsSpan(0, count).Clear();
        _keptValues.AsSpan(0, kept).Clear();
        _keptCounts.AsSpan(0, kept).Clear();
        _droppedValues.AsSpan(0, dropped).Clear();
    }

    /// <summary>
    /// The ordered bytes of row <paramref name="row"/>'s value, in the batch's value arena (kept across batches): the map
    /// state copies user keys into its own key bytes, so the slices live only until the batch is written.
    /// </summary>
    private ReadOnlyMemory<byte> EncodeValue(ColumnVector values, int row, ref int used)
    {
        int length = OrderedValueCodec.Length(values, row);
        if (used + length > _valueArena.Length)
        {
            // The batch's earlier slices keep the old arena alive until the batch ends; later batches use the new one.
            _valueArena = new byte[Math.Max(4096, Math.Max(_valueArena.Length * 2, length))];
            used = 0;
        }

        Memory<byte> slice = _valueArena.AsMemory(used, length);
        OrderedValueCodec.Write(values, row, slice.Span);
        used += length;
        return slice;
    }

    /// <summary>
    /// Zeroed counts for the <paramref name="index"/>-th new pair of the batch, from arrays kept across batches: PutValues
    /// serializes the counts at once, so nothing holds them after the batch.
    /// </summary>
    private long[] FreshCounts(int index, int members)
    {
        if (index == _freshCounts.Length)
        {
            Array.Resize(ref _freshCounts, Math.Max(64, index * 2));
        }

        long[] counts = _freshCounts[index] ??= new long[members];
        Array.Clear(counts);
        return counts;
    }

    /// <summary>One member's rows of the current batch (copied: the operator reuses its buffers per call) and its value events.</summary>
    private sealed class MemberRows
    {
        private int[] _eventRows = [];
        private int[] _eventGroups = [];
        private int[] _eventWeights = [];
        private int _events;
        private ulong[] _mask = [];
        private int _maskWords;

        public int[] Rows { get; private set; } = [];

        public int[] Groups { get; private set; } = [];

        public int[] Weights { get; private set; } = [];

        public int Count { get; private set; }

        public ReadOnlySpan<int> EventRows => _eventRows.AsSpan(0, _events);

        public ReadOnlySpan<int> EventGroups => _eventGroups.AsSpan(0, _events);

        public ReadOnlySpan<int> EventWeights => _eventWeights.AsSpan(0, _events);

        public void Set(GroupAccumulatorInput input)
        {
            Count = input.Rows.Length;
            if (Rows.Length < Count)
            {
                int size = Math.Max(Count, Rows.Length * 2);
                Rows = new int[size];
                Groups = new int[size];
                Weights = new int[size];
                _eventRows = new int[size];
                _eventGroups = new int[size];
                _eventWeights = new int[size];
            }

            input.Rows.CopyTo(Rows);
            input.Groups.CopyTo(Groups);
            input.Weights.CopyTo(Weights);
            _maskWords = input.Mask.Length;
            if (_mask.Length < _maskWords)
            {
                _mask = new ulong[_maskWords];
            }

            input.Mask.CopyTo(_mask);
        }

        public void OrMaskInto(Span<ulong> union)
        {
            for (int w = 0; w < _maskWords; w++)
            {
                union[w] |= _mask[w];
            }
        }

        public void ClearEvents() => _events = 0;

        public void AddEvent(int row, int group, int weight)
        {
            _eventRows[_events] = row;
            _eventGroups[_events] = group;
            _eventWeights[_events] = weight;
            _events++;
        }
    }

    /// <summary>Map user keys: the ordered bytes as they are (the rest of the entry key), so entries sort by SQL value.</summary>
    private sealed class OrderedValueSerializer(SqlType type) : IStateSerializer<ReadOnlyMemory<byte>>
    {
        public string Layout { get; } = "ORDERED<" + type.WithNullable(true) + ">";

        public int FormatVersion => 1;

        public void Write(ReadOnlyMemory<byte> value, StateWriter writer) => writer.WriteRaw(value.Span);

        public ReadOnlyMemory<byte> Read(ref StateReader reader) => reader.ReadRaw(reader.Remaining).ToArray();
    }

    /// <summary>One BIGINT count per member call.</summary>
    private sealed class CountsSerializer(int members) : IStateSerializer<long[]>
    {
        public string Layout { get; } = string.Create(CultureInfo.InvariantCulture, $"BIGINT[{members}]");

        public int FormatVersion => 1;

        public void Write(long[] value, StateWriter writer)
        {
            foreach (long count in value)
            {
                writer.WriteInt64(count);
            }
        }

        public long[] Read(ref StateReader reader)
        {
            long[] counts = new long[members];
            for (int m = 0; m < members; m++)
            {
                counts[m] = reader.ReadInt64();
            }

            return counts;
        }
    }
}
