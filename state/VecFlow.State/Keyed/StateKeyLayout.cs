using System.Buffers.Binary;
using VecFlow.State.Encoding;

namespace VecFlow.State.Keyed;

/// <summary>The byte layout of a state entry's key: key group, key, namespace, and (map state) the user key.</summary>
/// <remarks>
/// <c>[key group: 2 bytes big-endian][key length: LEB128][key bytes][namespace: 8 bytes big-endian, sign bit
/// flipped][map user key bytes]</c>. Big-endian key group first makes a key-group range one contiguous range of
/// the table; the length makes the key self-delimiting, so one key's (and one key+namespace's) entries are a prefix
/// range; the flipped sign makes namespaces (window ends) sort numerically.
/// </remarks>
internal static class StateKeyLayout
{
    public const int NamespaceBytes = 8;

    public static byte[] Compose(int keyGroup, ReadOnlySpan<byte> key, long ns, ReadOnlySpan<byte> suffix = default)
    {
        int lengthBytes = VarInt.SizeOf((uint)key.Length);
        byte[] composite = new byte[2 + lengthBytes + key.Length + NamespaceBytes + suffix.Length];
        int at = WriteKeyPrefix(composite, keyGroup, key, lengthBytes);
        WriteNamespace(composite.AsSpan(at), ns);
        suffix.CopyTo(composite.AsSpan(at + NamespaceBytes));
        return composite;
    }

    /// <summary>The length of <see cref="Compose"/>'s result for a key of <paramref name="keyLength"/> bytes.</summary>
    public static int Size(int keyLength, int suffixLength = 0) => 2 + VarInt.SizeOf((uint)keyLength) + keyLength + NamespaceBytes + suffixLength;

    /// <summary>Writes what <see cref="Compose"/> returns into <paramref name="destination"/> (exactly <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> destination, int keyGroup, ReadOnlySpan<byte> key, long ns, ReadOnlySpan<byte> suffix = default)
    {
        int at = WriteKeyPrefix(destination, keyGroup, key, VarInt.SizeOf((uint)key.Length));
        WriteNamespace(destination[at..], ns);
        suffix.CopyTo(destination[(at + NamespaceBytes)..]);
    }

    /// <summary>The prefix of every entry of (key group, key), namespace excluded.</summary>
    public static byte[] KeyPrefix(int keyGroup, ReadOnlySpan<byte> key)
    {
        int lengthBytes = VarInt.SizeOf((uint)key.Length);
        byte[] prefix = new byte[2 + lengthBytes + key.Length];
        WriteKeyPrefix(prefix, keyGroup, key, lengthBytes);
        return prefix;
    }

    /// <summary>The first key of key group <paramref name="keyGroup"/> (the exclusive end of the group before it).</summary>
    public static byte[] KeyGroupStart(int keyGroup)
    {
        byte[] start = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(start, (ushort)keyGroup);
        return start;
    }

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>; null if none.</summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        byte[] end = prefix.ToArray();
        for (int i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] != 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return null;
    }

    public static void WriteNamespace(Span<byte> destination, long ns) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)ns ^ 0x8000_0000_0000_0000UL);

    public static long ReadNamespace(ReadOnlySpan<byte> source) =>
        (long)(BinaryPrimitives.ReadUInt64BigEndian(source) ^ 0x8000_0000_0000_0000UL);

    public static int KeyGroupOf(ReadOnlySpan<byte> composite, int offset = 0) =>
        BinaryPrimitives.ReadUInt16BigEndian(composite[offset..]);

    /// <summary>Splits a composite key; <paramref name="suffixStart"/> is where a map's user key begins.</summary>
    public static void Parse(ReadOnlySpan<byte> composite, out int keyGroup, out ReadOnlySpan<byte> key, out long ns, out int suffixStart)
    {
        keyGroup = BinaryPrimitives.ReadUInt16BigEndian(composite);
        int used = VarInt.Read(composite[2..], out uint length);
        int keyStart = 2 + used;
        key = composite.Slice(keyStart, (int)length);
        ns = ReadNamespace(composite[(keyStart + (int)length)..]);
        suffixStart = keyStart + (int)length + NamespaceBytes;
    }

    private static int WriteKeyPrefix(Span<byte> destination, int keyGroup, ReadOnlySpan<byte> key, int lengthBytes)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)keyGroup);
        VarInt.Write(destination[2..], (uint)key.Length);
        key.CopyTo(destination[(2 + lengthBytes)..]);
        return 2 + lengthBytes + key.Length;
    }
}
