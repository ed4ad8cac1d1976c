using System.IO.Hashing;
using System.Numerics;

namespace VecFlow.State.Storage;

/// <summary>A bloom filter of every key this backend has written to RocksDB: a key it rules out is absent there, so a read of it skips RocksDB.</summary>
/// <remarks>
/// <para>A growing state (a new DISTINCT value, a new group, a new join row) reads mostly keys nobody wrote yet: Nexmark
/// q16 reads ~2.3M new (channel, value) pairs per 1M events, and each such miss cost a RocksDB MultiGet lookup
/// (memtables, then every SST file's filter). The filter answers them in memory. It is exact for "absent" only while
/// it has seen every write, so it is valid for a database this backend created empty (writes reach RocksDB only
/// through the write-back cache's flush, which adds each put key here); an adopted snapshot database disables it.</para>
/// <para>Scalable: a chain of blocked filters of doubling capacity at about 10 bits and 4 probes per key (~1-2 % false positives each),
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

    /// <summary>One blocked bloom filter: a key's probes all fall in one 64-byte block (one cache miss per level),
    /// blocks a power of two in number (a mask, not a division, picks the block).</summary>
    private sealed class Level
    {
        private const int BlockWords = 8;
        private readonly ulong[] _bits;
        private readonly ulong _blockMask;

        public Level(int capacity)
        {
            Capacity = capacity;
            long blocks = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, (long)capacity * BitsPerKey / (64 * BlockWords)));
            _bits = new ulong[blocks * BlockWords];
            _blockMask = (ulong)blocks - 1;
        }

        public int Capacity { get; }

        public int Count { get; private set; }

        public void Add(ulong hash)
        {
            int block = Block(hash);
            for (int p = 0; p < Probes; p++)
            {
                int bit = Bit(hash, p);
                _bits[block + (bit >> 6)] |= 1UL << (bit & 63);
            }

            Count++;
        }

        public bool MayContain(ulong hash)
        {
            int block = Block(hash);
            for (int p = 0; p < Probes; p++)
            {
                int bit = Bit(hash, p);
                if ((_bits[block + (bit >> 6)] & (1UL << (bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The first word of the key's block: the low bits of the hash.</summary>
        private int Block(ulong hash) => (int)(hash & _blockMask) * BlockWords;

        /// <summary>Probe <paramref name="p"/>'s bit within the 512-bit block: 9 bits each from the hash's upper 36 bits.</summary>
        private static int Bit(ulong hash, int p) => (int)(hash >> (28 + (9 * p))) & 511;
    }
}
