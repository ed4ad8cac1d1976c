using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>The list state handle: a list is a head entry and sealed segments, so an append copies at most one segment.</summary>
/// <remarks>
/// <para>Elements are stored back to back, each with a LEB128 length, so an append never decodes. The head entry (the
/// list's key) holds the number of sealed segments (LEB128) and then the open segment's elements; once the open
/// segment reaches <see cref="SegmentBytes"/> it is sealed: written under the list's key followed by its 4-byte
/// big-endian number and never rewritten by an append. Before segments, every append rewrote the whole list, so a key
/// that kept growing (an interval join's rows of one hot join key, a window join's window) cost time quadratic in its
/// length.</para>
/// <para>Without a TTL, appending to a list whose head the table does not hold in memory does not read it: the new
/// elements go to RocksDB as a merge operand (<see cref="ListHeadAppend"/>) that RocksDB joins to the head when it is
/// read or compacted. A join side that only appends (an interval join's rows of a hot and growing key space) so costs
/// no read per key and batch. The appended head is sealed into segments the next time it is rewritten.</para>
/// <para>With a TTL, every entry carries its own expiry: a sealed segment keeps the one it got when sealed, the head is
/// renewed on every write, so elements expire by the time they were last written (per element, as in Flink) and a
/// list whose head expired has no live segment left.</para>
/// </remarks>
internal sealed class ListState<T>(ListStateDescriptor<T> descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    : KeyedStateHandle(descriptor, table, range, clock), IListState<T>
{
    /// <summary>The open segment's size at which an append seals it.</summary>
    internal const int SegmentBytes = 4096;

    private const int SegmentNumberBytes = 4;

    private readonly IStateSerializer<T> _serializer = descriptor.ElementSerializer;
    private readonly StateWriter _element = new();
    private readonly StateWriter _segment = new();
    private readonly StateWriter _appended = new();

    // AddValues' per-call scratch, kept across calls (a dictionary and arrays per call were a tenth of a join's allocations).
    private readonly Dictionary<byte[], int> _slots = new(ByteArrayComparer.Instance);
    private readonly List<int> _firstRow = [];
    private readonly List<int> _lastRow = [];
    private int[] _nextRow = [];
    private readonly StateWriter _values = new();
    private int[] _valueEnds = [];

    public void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values)
    {
        CheckLength(values.Length, keys.Count, "values");
        _values.Clear();
        if (_valueEnds.Length < values.Length)
        {
            _valueEnds = new int[Math.Max(values.Length, _valueEnds.Length * 2)];
        }

        for (int i = 0; i < values.Length; i++)
        {
            _serializer.Write(values[i], _values);
            _valueEnds[i] = _values.Position;
        }

        Append(keys, namespaces, _values.Written, _valueEnds.AsSpan(0, values.Length));
    }

    public void AddSerialized(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<byte> elements, ReadOnlySpan<int> ends)
    {
        CheckLength(ends.Length, keys.Count, "element ends");
        Append(keys, namespaces, elements, ends);
    }

    /// <summary>Appends element i (<c>elements[ends[i - 1]..ends[i]]</c>, serialized) to the list of key i.</summary>
    private void Append(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<byte> elements, ReadOnlySpan<int> ends)
    {
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);

        // Chain the rows of each distinct key first, then write each key's head once: many rows of one key in a batch
        // cost one copy of its open segment, not one per row.
        Dictionary<byte[], int> slots = _slots;
        List<int> firstRow = _firstRow;
        List<int> lastRow = _lastRow;
        slots.Clear();
        firstRow.Clear();
        lastRow.Clear();
        if (_nextRow.Length < composite.Length)
        {
            _nextRow = new int[Math.Max(composite.Length, _nextRow.Length * 2)];
        }

        int[] nextRow = _nextRow;
        for (int i = 0; i < composite.Length; i++)
        {
            nextRow[i] = -1;
            if (slots.TryGetValue(composite[i], out int slot))
            {
                nextRow[lastRow[slot]] = i;
                lastRow[slot] = i;
            }
            else
            {
                slots.Add(composite[i], firstRow.Count);
                firstRow.Add(i);
                lastRow.Add(i);
            }
        }

        // Without a TTL, a head the table does not hold in memory is appended to without reading it (a RocksDB merge
        // operand); one it holds is rewritten, sealing its open segment when full. With a TTL every head is read: its
        // expiry is renewed with each write.
        Span<byte[]?> stored = HasTtl ? Read(composite) : default;
        long now = HasTtl ? Now() : 0;
        var writeKeys = new List<byte[]>(firstRow.Count);
        var writeValues = new List<byte[]?>(firstRow.Count);
        var appendKeys = new List<byte[]>();
        var appendOffsets = new List<int> { 0 };
        _appended.Clear();
        foreach (int first in firstRow)
        {
            byte[] key = composite[first];
            byte[]? previous;
            if (HasTtl)
            {
                previous = stored[first];
            }
            else if (!Table.TryPeek(key, out previous))
            {
                for (int row = first; row >= 0; row = nextRow[row])
                {
                    _appended.WriteBytes(elements[(row == 0 ? 0 : ends[row - 1])..ends[row]]);
                }

                appendKeys.Add(key);
                appendOffsets.Add(_appended.Position);
                continue;
            }

            uint sealedCount = 0;
            ReadOnlySpan<byte> open = default;
            if (previous is not null)
            {
                open = Head(previous, out sealedCount);
            }

            _segment.Clear();
            _segment.WriteRaw(open);
            for (int row = first; row >= 0; row = nextRow[row])
            {
                _segment.WriteBytes(elements[(row == 0 ? 0 : ends[row - 1])..ends[row]]);
            }

            SealIfFull(key, ref sealedCount, now, writeKeys, writeValues);

            writeKeys.Add(key);
            writeValues.Add(HeadValue(sealedCount, _segment.Written, now));
        }

        if (writeKeys.Count > 0)
        {
            Table.Write(writeKeys.ToArray(), writeValues.ToArray());
        }

        if (appendKeys.Count > 0)
        {
            Table.AppendToListHeads(CollectionsMarshal.AsSpan(appendKeys), _appended.Written, CollectionsMarshal.AsSpan(appendOffsets));
        }
    }

    public void GetLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<IReadOnlyList<T>> lists)
    {
        CheckLength(lists.Length, keys.Count, "lists");
        var sink = new DecodingSink(_serializer, keys.Count);
        Traverse(keys, namespaces, ref sink);
        for (int i = 0; i < lists.Length; i++)
        {
            lists[i] = sink.Lists[i];
        }
    }

    public void ReadSerialized(EncodedKeys keys, ReadOnlySpan<long> namespaces, SerializedElementVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var sink = new VisitorSink(visit);
        Traverse(keys, namespaces, ref sink);
    }

    /// <summary>Hands every element of every key's list, key after key and in list order, to <paramref name="sink"/>.</summary>
    /// <remarks>Generic over a struct sink so the per-element call is direct (a delegate per element cost GetLists' callers).</remarks>
    private void Traverse<TSink>(EncodedKeys keys, ReadOnlySpan<long> namespaces, ref TSink sink)
        where TSink : struct, IElementSink
    {
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        byte[]?[] heads = Read(composite).ToArray();

        // Every sealed segment of every key in one read.
        var segmentKeys = new List<byte[]>();
        var segmentStart = new int[heads.Length];
        var sealedCounts = new uint[heads.Length];
        for (int i = 0; i < heads.Length; i++)
        {
            segmentStart[i] = segmentKeys.Count;
            if (heads[i] is { } head)
            {
                Head(head, out sealedCounts[i]);
                for (uint s = 0; s < sealedCounts[i]; s++)
                {
                    segmentKeys.Add(SegmentKey(composite[i], s));
                }
            }
        }

        byte[]?[] segments = ReadSegments(segmentKeys);
        for (int i = 0; i < heads.Length; i++)
        {
            if (heads[i] is { } head)
            {
                for (int s = 0; s < sealedCounts[i]; s++)
                {
                    // A segment whose TTL ran out is gone (its elements expired); the head still counts it.
                    if (segments[segmentStart[i] + s] is { } segment)
                    {
                        VisitElements(i, Payload(segment), ref sink);
                    }
                }

                VisitElements(i, Head(head, out _), ref sink);
            }
        }
    }

    public void UpdateLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<IReadOnlyList<T>> lists)
    {
        CheckLength(lists.Length, keys.Count, "lists");
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        byte[]?[] heads = Read(composite).ToArray();
        long now = HasTtl ? Now() : 0;
        var writeKeys = new List<byte[]>(composite.Length);
        var writeValues = new List<byte[]?>(composite.Length);
        var done = new HashSet<byte[]>(ByteArrayComparer.Instance);
        for (int i = composite.Length - 1; i >= 0; i--)
        {
            // A key given twice: the last list wins, as with one write after the other.
            if (!done.Add(composite[i]))
            {
                continue;
            }

            uint oldSealed = 0;
            if (heads[i] is { } head)
            {
                Head(head, out oldSealed);
            }

            uint sealedCount = 0;
            _segment.Clear();
            foreach (T value in lists[i])
            {
                _element.Clear();
                _serializer.Write(value, _element);
                _segment.WriteBytes(_element.Written);
                SealIfFull(composite[i], ref sealedCount, now, writeKeys, writeValues);
            }

            for (uint s = sealedCount; s < oldSealed; s++)
            {
                writeKeys.Add(SegmentKey(composite[i], s));
                writeValues.Add(null);
            }

            writeKeys.Add(composite[i]);
            writeValues.Add(lists[i].Count == 0 ? null : HeadValue(sealedCount, _segment.Written, now));
        }

        Table.Write(writeKeys.ToArray(), writeValues.ToArray());
    }

    /// <summary>Removes each list with its sealed segments.</summary>
    public override void Clear(EncodedKeys keys, ReadOnlySpan<long> namespaces)
    {
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        byte[]?[] heads = Read(composite).ToArray();
        var doomed = new List<byte[]>(composite.Length);
        for (int i = 0; i < composite.Length; i++)
        {
            doomed.Add(composite[i]);
            if (heads[i] is { } head)
            {
                Head(head, out uint sealedCount);
                for (uint s = 0; s < sealedCount; s++)
                {
                    doomed.Add(SegmentKey(composite[i], s));
                }
            }
        }

        Table.Write(doomed.ToArray(), new byte[]?[doomed.Count]);
    }

    /// <summary>Stored sealed segments; one whose TTL ran out reads as absent and is deleted (its head still counts it: absent reads as empty).</summary>
    private byte[]?[] ReadSegments(List<byte[]> segmentKeys)
    {
        if (segmentKeys.Count == 0)
        {
            return [];
        }

        byte[]?[] segments = new byte[]?[segmentKeys.Count];
        Table.MultiGet(segmentKeys.ToArray(), segments);
        if (HasTtl)
        {
            long now = Now();
            List<byte[]>? expired = null;
            for (int i = 0; i < segments.Length; i++)
            {
                if (segments[i] is { } segment && IsExpired(segment, now))
                {
                    segments[i] = null;
                    (expired ??= []).Add(segmentKeys[i]);
                }
            }

            if (expired is not null)
            {
                Table.Write(expired.ToArray(), new byte[]?[expired.Count]);
            }
        }

        return segments;
    }

    /// <summary>Seals the open segment once it reaches <see cref="SegmentBytes"/>: queues its write as segment number <paramref name="sealedCount"/> and starts an empty one.</summary>
    private void SealIfFull(byte[] listKey, ref uint sealedCount, long now, List<byte[]> writeKeys, List<byte[]?> writeValues)
    {
        if (_segment.Position < SegmentBytes)
        {
            return;
        }

        writeKeys.Add(SegmentKey(listKey, sealedCount));
        writeValues.Add(Stamped(_segment.Written, now));
        sealedCount++;
        _segment.Clear();
    }

    /// <summary>The open segment's elements of a stored head, and how many segments are sealed.</summary>
    private ReadOnlySpan<byte> Head(byte[] stored, out uint sealedCount)
    {
        ReadOnlySpan<byte> payload = Payload(stored);
        int used = VarInt.Read(payload, out sealedCount);
        return payload[used..];
    }

    private byte[] HeadValue(uint sealedCount, ReadOnlySpan<byte> open, long now)
    {
        BeginValue(now);
        Writer.WriteVarUInt(sealedCount);
        Writer.WriteRaw(open);
        return Writer.ToArray();
    }

    private byte[] Stamped(ReadOnlySpan<byte> elements, long now)
    {
        BeginValue(now);
        Writer.WriteRaw(elements);
        return Writer.ToArray();
    }

    /// <summary>The key of sealed segment <paramref name="number"/>: the list's key and the number, big-endian, so a list's entries are one range.</summary>
    private static byte[] SegmentKey(byte[] listKey, uint number)
    {
        byte[] key = new byte[listKey.Length + SegmentNumberBytes];
        listKey.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(listKey.Length), number);
        return key;
    }

    private static void VisitElements<TSink>(int key, ReadOnlySpan<byte> elements, ref TSink sink)
        where TSink : struct, IElementSink
    {
        var reader = new StateReader(elements);
        while (reader.Remaining > 0)
        {
            sink.Add(key, reader.ReadBytes());
        }
    }

    /// <summary>Takes one serialized element of key <c>key</c>.</summary>
    private interface IElementSink
    {
        void Add(int key, ReadOnlySpan<byte> element);
    }

    /// <summary>Decodes each element into its key's list.</summary>
    private readonly struct DecodingSink : IElementSink
    {
        private readonly IStateSerializer<T> _serializer;

        public DecodingSink(IStateSerializer<T> serializer, int keys)
        {
            _serializer = serializer;
            Lists = new List<T>[keys];
            for (int i = 0; i < keys; i++)
            {
                Lists[i] = [];
            }
        }

        public List<T>[] Lists { get; }

        public void Add(int key, ReadOnlySpan<byte> element)
        {
            var reader = new StateReader(element);
            Lists[key].Add(_serializer.Read(ref reader));
        }
    }

    /// <summary>Passes each element to a caller's visitor.</summary>
    private readonly struct VisitorSink(SerializedElementVisitor visit) : IElementSink
    {
        public void Add(int key, ReadOnlySpan<byte> element) => visit(key, element);
    }
}
