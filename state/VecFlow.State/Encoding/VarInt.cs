namespace VecFlow.State.Encoding;

/// <summary>Unsigned LEB128 variable-length integers: lengths in keys and values cost one byte below 128.</summary>
internal static class VarInt
{
    public static int SizeOf(uint value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int Write(Span<byte> destination, uint value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a value at the start of <paramref name="source"/>; returns the bytes read, or -1 when truncated or too long.</summary>
    public static int Read(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < source.Length && i < 5; i++)
        {
            byte b = source[i];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return i + 1;
            }

            shift += 7;
        }

        return -1;
    }
}
