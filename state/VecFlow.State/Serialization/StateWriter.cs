using System.Buffers.Binary;
using VecFlow.State.Encoding;

namespace VecFlow.State.Serialization;

/// <summary>A growable little-endian byte writer for state keys and values; reused across rows.</summary>
public sealed class StateWriter
{
    private byte[] _buffer;

    public StateWriter(int capacity = 64) => _buffer = new byte[Math.Max(16, capacity)];

    public int Position { get; private set; }

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Position);

    public void Clear() => Position = 0;

    /// <summary>A copy of the written bytes.</summary>
    public byte[] ToArray() => Written.ToArray();

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteInt128(Int128 value) => BinaryPrimitives.WriteInt128LittleEndian(Reserve(16), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    public void WriteVarUInt(uint value)
    {
        Span<byte> target = Reserve(5);
        int used = VarInt.Write(target, value);
        Position -= 5 - used;
    }

    /// <summary>A LEB128 length and the raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarUInt((uint)value.Length);
        WriteRaw(value);
    }

    /// <summary>Bytes with no length (the reader must know where they end).</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>A LEB128 byte length and the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> target = Reserve(5 + max);
        Position -= 5 + max;
        int length = System.Text.Encoding.UTF8.GetBytes(value, target[5..]);
        int prefix = VarInt.Write(target, (uint)length);
        if (prefix != 5)
        {
            target.Slice(5, length).CopyTo(target[prefix..]);
        }

        Position += prefix + length;
    }

    private Span<byte> Reserve(int bytes)
    {
        if (Position + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Position + bytes, _buffer.Length * 2));
        }

        Span<byte> span = _buffer.AsSpan(Position, bytes);
        Position += bytes;
        return span;
    }
}
