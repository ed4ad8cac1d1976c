namespace VecFlow.State.Serialization;

/// <summary>The serializers of primitive state values: fixed-width little-endian numbers, length-prefixed strings and bytes.</summary>
public static class StateSerializers
{
    public static IStateSerializer<bool> Boolean { get; } = new BooleanSerializer();

    public static IStateSerializer<int> Int32 { get; } = new Int32Serializer();

    public static IStateSerializer<long> Int64 { get; } = new Int64Serializer();

    public static IStateSerializer<double> Double { get; } = new DoubleSerializer();

    /// <summary>A DECIMAL's unscaled Int128 (the scale is the state's schema, not stored per value).</summary>
    public static IStateSerializer<Int128> Decimal { get; } = new DecimalSerializer();

    /// <summary>UTF-8 with a LEB128 byte length.</summary>
    public static IStateSerializer<string> String { get; } = new StringSerializer();

    public static IStateSerializer<byte[]> Bytes { get; } = new BytesSerializer();

    private sealed class BooleanSerializer : IStateSerializer<bool>
    {
        public string Layout => "BOOLEAN";

        public int FormatVersion => 1;

        public void Write(bool value, StateWriter writer) => writer.WriteBoolean(value);

        public bool Read(ref StateReader reader) => reader.ReadBoolean();
    }

    private sealed class Int32Serializer : IStateSerializer<int>
    {
        public string Layout => "INT";

        public int FormatVersion => 1;

        public void Write(int value, StateWriter writer) => writer.WriteInt32(value);

        public int Read(ref StateReader reader) => reader.ReadInt32();
    }

    private sealed class Int64Serializer : IStateSerializer<long>
    {
        public string Layout => "BIGINT";

        public int FormatVersion => 1;

        public void Write(long value, StateWriter writer) => writer.WriteInt64(value);

        public long Read(ref StateReader reader) => reader.ReadInt64();
    }

    private sealed class DoubleSerializer : IStateSerializer<double>
    {
        public string Layout => "DOUBLE";

        public int FormatVersion => 1;

        public void Write(double value, StateWriter writer) => writer.WriteDouble(value);

        public double Read(ref StateReader reader) => reader.ReadDouble();
    }

    private sealed class DecimalSerializer : IStateSerializer<Int128>
    {
        public string Layout => "DECIMAL128";

        public int FormatVersion => 1;

        public void Write(Int128 value, StateWriter writer) => writer.WriteInt128(value);

        public Int128 Read(ref StateReader reader) => reader.ReadInt128();
    }

    private sealed class StringSerializer : IStateSerializer<string>
    {
        public string Layout => "STRING";

        public int FormatVersion => 1;

        public void Write(string value, StateWriter writer) => writer.WriteString(value);

        public string Read(ref StateReader reader) => reader.ReadString();
    }

    private sealed class BytesSerializer : IStateSerializer<byte[]>
    {
        public string Layout => "BYTES";

        public int FormatVersion => 1;

        public void Write(byte[] value, StateWriter writer) => writer.WriteBytes(value);

        public byte[] Read(ref StateReader reader) => reader.ReadBytes().ToArray();
    }
}
