using System.Buffers.Binary;
using VecFlow.State.Encoding;

namespace VecFlow.State.Serialization;

/// <summary>Reads what <see cref="StateWriter"/> wrote; a truncated or malformed value is a <see cref="StateFormatException"/>.</summary>
public ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public StateReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public Int128 ReadInt128() => BinaryPrimitives.ReadInt128LittleEndian(Take(16));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public uint ReadVarUInt()
    {
        int used = VarInt.Read(_data[_position..], out uint value);
        if (used < 0)
        {
            throw new StateFormatException($"A length at byte {_position} of a {_data.Length}-byte state value is truncated or malformed.");
        }

        _position += used;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes() => Take(checked((int)ReadVarUInt()));

    public ReadOnlySpan<byte> ReadRaw(int count) => Take(count);

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new StateFormatException($"A state value ends after {_data.Length} bytes but {count} more were expected at byte {_position}.");
        }

        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
