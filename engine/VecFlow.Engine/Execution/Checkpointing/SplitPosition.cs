using System.Buffers.Binary;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>How far a source has read one split: rows emitted, where they end in the split, the split's watermark, whether it is done.</summary>
/// <param name="Split">The split's index in the source's split plan.</param>
/// <param name="Rows">Rows of the split emitted before the checkpoint's barrier; a restored reader without <paramref name="Offset"/> skips them.</param>
/// <param name="Watermark">The split's watermark at the barrier.</param>
/// <param name="Finished">True when the split was read to its end.</param>
/// <param name="Offset">Where those rows end in the split (<see cref="Connectors.ISourceReader.Position"/>: a file's byte offset), which a restored reader seeks to; -1 when unknown.</param>
public readonly record struct SplitPosition(int Split, long Rows, long Watermark, bool Finished, long Offset = -1)
{
    // Records written before offsets existed had no Offset field; they still decode (Offset -1: skip by rows).
    private const int SizeWithoutOffset = 4 + 8 + 8 + 1;
    private const int Size = SizeWithoutOffset + 8;

    /// <summary>The operator-state name under which a source subtask's positions are stored.</summary>
    public const string StateName = "source-positions";

    public static byte[] Encode(IReadOnlyList<SplitPosition> positions)
    {
        byte[] bytes = new byte[4 + (positions.Count * Size)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, positions.Count);
        for (int i = 0; i < positions.Count; i++)
        {
            Span<byte> at = bytes.AsSpan(4 + (i * Size), Size);
            BinaryPrimitives.WriteInt32LittleEndian(at, positions[i].Split);
            BinaryPrimitives.WriteInt64LittleEndian(at[4..], positions[i].Rows);
            BinaryPrimitives.WriteInt64LittleEndian(at[12..], positions[i].Watermark);
            at[20] = positions[i].Finished ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(at[21..], positions[i].Offset);
        }

        return bytes;
    }

    public static List<SplitPosition> Decode(ReadOnlySpan<byte> bytes)
    {
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int size = bytes.Length == 4 + ((long)count * Size) ? Size
            : bytes.Length == 4 + ((long)count * SizeWithoutOffset) ? SizeWithoutOffset
            : throw new InvalidDataException($"A source position record has {bytes.Length} bytes where {count} splits take {4 + ((long)count * Size)}.");

        var positions = new List<SplitPosition>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> at = bytes.Slice(4 + (i * size), size);
            long offset = size == Size ? BinaryPrimitives.ReadInt64LittleEndian(at[21..]) : -1;
            positions.Add(new SplitPosition(BinaryPrimitives.ReadInt32LittleEndian(at), BinaryPrimitives.ReadInt64LittleEndian(at[4..]), BinaryPrimitives.ReadInt64LittleEndian(at[12..]), at[20] == 1, offset));
        }

        return positions;
    }
}
