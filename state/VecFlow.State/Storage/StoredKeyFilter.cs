using System.IO.Hashing;

namespace VecFlow.State.Storage;

/// <summary>A bloom filter of every key this backend has written to RocksDB: a key it rules out is absent there, so a read of it skips RocksDB.</summary>
/// <remarks>
/// <para>A growing state (a new DISTINCT value, a new group, a new join row) reads mostly keys nobody wrote yet: Nexmark
/// q16 reads ~2.3M new (channel, value) pairs per 1M events, and each such miss cost a RocksDB MultiGet lookup
/// (memtables, then every SST file's filter). The filter answers them in memory. It is exact for "absent" only while
/// it has seen every write, so it is valid for a database this backend created empty (writes reach RocksDB only
/// through the write-back cache's flush, which adds each put key here); an adopted snapshot database disables it.</para>
/// <para>Scalable: a chain of filters of doubling capacity at 10 bits and 4 probes per key (~1 % false positives each),
/// so memory stays ~1.3 bytes per stored key without knowing the state size up front. Deletes are not removed (a
/// false positive only costs the lookup it would have cost anyway).</para>
/// </remarks>
internal sealed class StoredKeyFilter
{
    private const int BitsPerKey = 10;
    private const int Probes = 4;
    private readonly List<Level> _levels = [new Level(1 << 16)];

    /// <summary>False when RocksDB may hold keys this filter never saw: every read then goes to RocksDB.</summary>
    public bool Enabled { get; private set; } = true;

    public void Disable()
    {
        Enabled = false;
        _levels.Clear();
    }

    public void Add(int table, ReadOnlySpan<byte> key)
    {
        if (!Enabled)
        {
            return;
        }

        Level last = _levels[^1];
        if (last.Count >= last.Capacity)
        {
            last = new Level(last.Capacity * 2);
            _levels.Add(last);
        }

        last.Add(Hash(table, key));
    }

    /// <summary>False only when RocksDB certainly does not hold the key.</summary>
    public bool MayContain(int table, ReadOnlySpan<byte> key)
    {
        if (!Enabled)
        {
            return true;
        }

        ulong hash = Hash(table, key);
        foreach (Level level in _levels)
        {
            if (level.MayContain(hash))
            {
                return true;
            }
        }

        return false;
    }

    // A seed unlike the cache index's, so the two hashes are independent.
    private static ulong Hash(int table, ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, 0x5EED_0000L + table);

    private sealed class Level(int capacity)
    {
        private readonly ulong[] _bits = new ulong[Math.Max(1, (long)capacity * BitsPerKey / 64)];

        public int Capacity { get; } = capacity;

        public int Count { get; private set; }

        public void Add(ulong hash)
        {
            for (int p = 0; p < Probes; p++)
            {
                ulong bit = Probe(hash, p);
                _bits[bit >> 6] |= 1UL << (int)(bit & 63);
            }

            Count++;
        }

        public bool MayContain(ulong hash)
        {
            for (int p = 0; p < Probes; p++)
            {
                ulong bit = Probe(hash, p);
                if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The bit of probe <paramref name="p"/> for a key hash (double hashing: h1 + p * h2, h2 odd).</summary>
        private ulong Probe(ulong hash, int p) =>
            ((uint)hash + ((uint)p * ((uint)(hash >> 32) | 1))) % ((ulong)_bits.Length * 64);
    }
}
