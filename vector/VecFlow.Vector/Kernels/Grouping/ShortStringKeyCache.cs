using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>Group ids of VARCHAR keys of at most 16 bytes, found by the key's bytes packed in two words (no byte hash, no byte compare).</summary>
/// <remarks>
/// A key of up to 16 bytes is exactly its length plus its first and last 8 bytes (overlapping, or zero-padded below 8
/// bytes), so two of them are equal exactly when these three numbers are. The cache holds at most
/// <see cref="Capacity"/> keys in an open-addressing table; once full it stops taking keys (<see cref="IsFull"/>) and its
/// owner goes back to the general path: it pays only while a key column has few distinct short values.
/// </remarks>
internal sealed class ShortStringKeyCache
{
    public const int MaxKeyBytes = 16;
    public const int Capacity = 512;

    private const int Slots = Capacity * 4;
    private const int Shift = 64 - 11;

    private readonly Entry[] _entries = new Entry[Slots];
    private int _count;

    public bool IsFull => _count >= Capacity;

    /// <summary>The group of the key packed as (<paramref name="first"/>, <paramref name="last"/>, <paramref name="length"/>), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong first, ulong last, int length)
    {
        int s = Home(first, last, length);
        while (true)
        {
            ref Entry entry = ref _entries[s];
            if (entry.GroupPlusOne == 0)
            {
                return -1;
            }

            if (entry.First == first && entry.Last == last && entry.Length == length)
            {
                return entry.GroupPlusOne - 1;
            }

            s = (s + 1) & (Slots - 1);
        }
    }

    /// <summary>Forgets every cached key.</summary>
    public void Reset()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    /// <summary>Remembers the group of a key not yet cached; ignored once the cache is full.</summary>
    public void Add(ulong first, ulong last, int length, int group)
    {
        if (IsFull)
        {
            return;
        }

        int s = Home(first, last, length);
        while (_entries[s].GroupPlusOne != 0)
        {
            s = (s + 1) & (Slots - 1);
        }

        _entries[s] = new Entry(first, last, length, group + 1);
        _count++;
    }

    /// <summary>Packs the key of <paramref name="length"/> (at most 16) bytes at <paramref name="start"/> of <paramref name="data"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (ulong First, ulong Last) Pack(ReadOnlySpan<byte> data, int start, int length)
    {
        if (length >= 8)
        {
            return (BinaryPrimitives.ReadUInt64LittleEndian(data[start..]), BinaryPrimitives.ReadUInt64LittleEndian(data[(start + length - 8)..]));
        }

        if (data.Length - start >= 8)
        {
            // Reads past the key inside the buffer and masks the neighbour's bytes off: one load instead of a byte loop.
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(data[start..]);
            return (length == 0 ? 0 : word & (ulong.MaxValue >> (64 - (8 * length))), 0);
        }

        ulong packed = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            packed = (packed << 8) | data[start + i];
        }

        return (packed, 0);
    }

    private static int Home(ulong first, ulong last, int length) =>
        (int)(((first ^ (last * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)length) * 0x9E3779B97F4A7C15UL) >> Shift);

    private readonly record struct Entry(ulong First, ulong Last, int Length, int GroupPlusOne);
}
