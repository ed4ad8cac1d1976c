namespace VecFlow.State.Snapshots;

/// <summary>The file format of one heap state table in a snapshot: entries in key order, so key groups come in order.</summary>
/// <remarks>
/// <c>"VFHT"</c>, format version (2 bytes LE), then per entry LEB128 key length, key, LEB128 value length, value; a
/// zero key length ends the entries, followed by the entry count (8 bytes LE). The manifest holds the file's size and
/// checksum, verified before the file is read.
/// </remarks>
internal static class HeapTableFile
{
    private const ushort Version = 1;
    private static readonly byte[] Magic = "VFHT"u8.ToArray();

    public static void Write(string path, IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(Version);
        long count = 0;
        foreach (KeyValuePair<byte[], byte[]> entry in entries)
        {
            writer.Write7BitEncodedInt(entry.Key.Length);
            writer.Write(entry.Key);
            writer.Write7BitEncodedInt(entry.Value.Length);
            writer.Write(entry.Value);
            count++;
        }

        writer.Write7BitEncodedInt(0);
        writer.Write(count);
    }

    public static IEnumerable<KeyValuePair<byte[], byte[]>> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream);
        byte[] magic = reader.ReadBytes(4);
        if (!magic.AsSpan().SequenceEqual(Magic) || reader.ReadUInt16() != Version)
        {
            throw new SnapshotCorruptException($"'{path}' is not a VecFlow heap state file of version {Version}.");
        }

        long count = 0;
        while (true)
        {
            int keyLength;
            byte[] key;
            byte[] value;
            try
            {
                keyLength = reader.Read7BitEncodedInt();
                if (keyLength == 0)
                {
                    break;
                }

                key = ReadExactly(reader, keyLength, path);
                value = ReadExactly(reader, reader.Read7BitEncodedInt(), path);
            }
            catch (Exception e) when (e is EndOfStreamException or FormatException)
            {
                throw new SnapshotCorruptException($"Heap state file '{path}' is truncated or corrupt after {count} entries.", e);
            }

            count++;
            yield return new KeyValuePair<byte[], byte[]>(key, value);
        }

        if (reader.ReadInt64() != count)
        {
            throw new SnapshotCorruptException($"Heap state file '{path}' is corrupt: its entry count does not match its entries.");
        }
    }

    private static byte[] ReadExactly(BinaryReader reader, int length, string path)
    {
        byte[] bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new SnapshotCorruptException($"Heap state file '{path}' is truncated.");
    }
}
