namespace VecFlow.State.Storage;

/// <summary>One state's ordered byte table (a RocksDB column family, or a sorted set on the heap); handles build on it.</summary>
/// <remarks>
/// Keys order by unsigned bytes. State keys start with the 2-byte big-endian key group (<see cref="KeyGroupOffset"/>
/// 0), timer keys start with domain and time and hold the key group at byte 9. Every call takes a whole batch.
/// </remarks>
internal interface IStateTable
{
    string Name { get; }

    /// <summary>Where the 2-byte key group sits in every key of this table.</summary>
    int KeyGroupOffset { get; }

    /// <summary>values[i] = the value of keys[i], or null when absent.</summary>
    void MultiGet(ReadOnlySpan<byte[]> keys, Span<byte[]?> values);

    /// <summary>Puts keys[i] = values[i], in order; a null value deletes.</summary>
    void Write(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte[]?> values);

    /// <summary>values[i] = the value of keys[i], or null when absent (keys as spans: a cached key costs no copy).</summary>
    void MultiGet(StateKeyBatch keys, Span<byte[]?> values);

    /// <summary>Puts keys[i] = values[i], in order; a null value deletes (a key is copied only when the table keeps it).</summary>
    void Write(StateKeyBatch keys, ReadOnlySpan<byte[]?> values);

    /// <summary>True when the table answers <paramref name="key"/> from memory (the heap table always, RocksDB when its cache holds the key): <paramref name="value"/> is its value or null.</summary>
    bool TryPeek(byte[] key, out byte[]? value);

    /// <summary>
    /// Appends the list elements <c>elements[offsets[i]..offsets[i + 1]]</c> to the list head stored under keys[i]
    /// (<see cref="ListHeadAppend.EmptyHead"/> when absent) without reading it; RocksDB writes merge operands.
    /// </summary>
    void AppendToListHeads(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte> elements, ReadOnlySpan<int> offsets);

    /// <summary>Entries with from &lt;= key &lt; to (to null: to the end), ascending; the table must not change meanwhile.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] from, byte[]? to);

    /// <summary>Deletes every key in [from[i], to[i]) for each i.</summary>
    void DeleteRanges(ReadOnlySpan<byte[]> from, ReadOnlySpan<byte[]> to);

    /// <summary>Entries and bytes held (estimates for RocksDB).</summary>
    StateSize Size();
}
