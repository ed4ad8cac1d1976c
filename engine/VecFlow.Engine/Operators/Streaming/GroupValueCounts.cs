using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.Serialization;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>How many rows of each group key hold each argument value: a map state of ordered value bytes to counts.</summary>
/// <remarks>
/// One batch is folded with one pair map over (group, value) (the grouping kernel), then ONE batched read of the
/// changed pairs' counts, ONE write of the pairs still present and ONE removal of the pairs that dropped to zero.
/// After <see cref="Update"/> the changed pairs are listed: their representative batch row, group, old and new count.
/// </remarks>
internal sealed class GroupValueCounts(string name, SqlType valueType)
{
    private static readonly long[] NoNamespace = [0];

    private EncodedKeys _pairKeys = new();
    private EncodedKeys _kept = new();
    private EncodedKeys _dropped = new();
    private IMapState<byte[], long>? _state;
    private int[] _rows = [];
    private int[] _groups = [];
    private long[] _old = [];
    private long[] _new = [];
    private byte[][] _values = [];

    public string Name { get; } = name;

    /// <summary>Pairs whose count changed in the last batch.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public ReadOnlySpan<int> Groups => _groups.AsSpan(0, Count);

    public ReadOnlySpan<long> OldCounts => _old.AsSpan(0, Count);

    public ReadOnlySpan<long> NewCounts => _new.AsSpan(0, Count);

    /// <summary>The ordered bytes (<see cref="OrderedValueCodec"/>) of each changed pair's value.</summary>
    public ReadOnlySpan<byte[]> Values => _values.AsSpan(0, Count);

    public void Open(IKeyedStateBackend backend, StateTtl? ttl)
    {
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _pairKeys = new(backend.MaxParallelism);
        _kept = new(backend.MaxParallelism);
        _dropped = new(backend.MaxParallelism);
        var descriptor = new MapStateDescriptor<byte[], long>(Name, new OrderedValueSerializer(valueType), StateSerializers.Int64, ttl);
        _state = backend.GetMapState(descriptor);
    }

    public void Update(GroupAccumulatorInput input)
    {
        Count = 0;
        if (input.Rows.IsEmpty)
        {
            return;
        }

        int n = input.Values!.Length;
        using var pairs = new GroupIdMap([SqlType.Int.WithNullable(false), valueType], input.Pool, Math.Min(input.Rows.Length, 1024));
        NativeBuffer idBuffer = input.Pool.Rent(n * sizeof(int));
        int pairCount;
        long[] delta;
        int[] first;
        int[] groupOf;
        try
        {
            Span<int> pairIds = idBuffer.As<int>()[..n];
            pairs.Map([input.GroupIds, input.Values], input.Mask, pairIds);
            pairCount = pairs.GroupCount;
            delta = new long[pairCount];
            first = new int[pairCount];
            groupOf = new int[pairCount];
            first.AsSpan().Fill(-1);
            ReadOnlySpan<int> rows = input.Rows;
            ReadOnlySpan<int> groups = input.Groups;
            ReadOnlySpan<int> weights = input.Weights;
            for (int i = 0; i < rows.Length; i++)
            {
                int p = pairIds[rows[i]];
                delta[p] += weights[i];
                if (first[p] < 0)
                {
                    first[p] = rows[i];
                    groupOf[p] = groups[i];
                }
            }
        }
        finally
        {
            idBuffer.Release();
        }

        Grow(pairCount);
        _pairKeys.Clear();
        int count = 0;
        for (int p = 0; p < pairCount; p++)
        {
            if (delta[p] == 0)
            {
                continue;
            }

            int group = groupOf[p];
            _pairKeys.Add(input.GroupKeys.Key(group), input.GroupKeys.Hashes[group], group);
            _rows[count] = first[p];
            _groups[count] = group;
            _new[count] = delta[p];
            _values[count] = OrderedValueCodec.Encode(input.Values, first[p]);
            count++;
        }

        Count = count;
        if (count == 0)
        {
            return;
        }

        bool[] found = new bool[count];
        _state!.GetValues(_pairKeys, NoNamespace, _values.AsSpan(0, count), _old.AsSpan(0, count), found);
        _kept.Clear();
        _dropped.Clear();
        var keptValues = new List<byte[]>(count);
        var keptCounts = new List<long>(count);
        var droppedValues = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            _new[i] += _old[i];
            if (_new[i] > 0)
            {
                _kept.Add(_pairKeys.Key(i), _pairKeys.Hashes[i]);
                keptValues.Add(_values[i]);
                keptCounts.Add(_new[i]);
            }
            else if (found[i])
            {
                _dropped.Add(_pairKeys.Key(i), _pairKeys.Hashes[i]);
                droppedValues.Add(_values[i]);
            }
        }

        if (_kept.Count > 0)
        {
            _state.PutValues(_kept, NoNamespace, keptValues.ToArray(), keptCounts.ToArray());
        }

        if (_dropped.Count > 0)
        {
            _state.RemoveKeys(_dropped, NoNamespace, droppedValues.ToArray());
        }
    }

    /// <summary>Every value (ordered bytes, ascending) and count of group <paramref name="group"/> of <paramref name="keys"/>.</summary>
    public IReadOnlyList<KeyValuePair<byte[], long>> Entries(EncodedKeys keys, int group) => _state!.Entries(keys, group, 0);

    public void Clear(EncodedKeys keys) => _state!.Clear(keys, NoNamespace);

    private void Grow(int count)
    {
        if (_rows.Length >= count)
        {
            return;
        }

        int size = Math.Max(count, _rows.Length * 2);
        _rows = new int[size];
        _groups = new int[size];
        _old = new long[size];
        _new = new long[size];
        _values = new byte[size][];
    }

    /// <summary>Map user keys: the ordered bytes as they are (the rest of the entry key), so entries sort by SQL value.</summary>
    private sealed class OrderedValueSerializer(SqlType type) : IStateSerializer<byte[]>
    {
        public string Layout { get; } = "ORDERED<" + type.WithNullable(true) + ">";

        public int FormatVersion => 1;

        public void Write(byte[] value, StateWriter writer) => writer.WriteRaw(value);

        public byte[] Read(ref StateReader reader) => reader.ReadRaw(reader.Remaining).ToArray();
    }
}
