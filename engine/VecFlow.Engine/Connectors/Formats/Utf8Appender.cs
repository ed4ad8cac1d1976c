using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Appends UTF-8 strings into pooled offset and data buffers (the data buffer grows geometrically).</summary>
internal sealed class Utf8Appender(SqlType type, BufferPool pool) : ColumnAppender(type, pool)
{
    private NativeBuffer? _offsets;
    private NativeBuffer? _data;
    private int _bytes;

    public override string Expected => "text";

    public override bool TryAppend(ReadOnlySpan<byte> utf8)
    {
        Append(utf8);
        return true;
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        Commit(utf8.Length);
    }

    /// <summary>A span of at least <paramref name="bytes"/> bytes for the next value; then <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int bytes)
    {
        NativeBuffer data = _data!;
        long needed = (long)_bytes + bytes;
        if (needed > data.Capacity)
        {
            if (needed > int.MaxValue / 2)
            {
                throw new ConnectorException($"A batch of text would need {needed} bytes; one column holds at most 1 GiB of text. Read smaller batches.");
            }

            NativeBuffer grown = Pool.Rent((int)Math.Max(needed, (long)data.Capacity * 2));
            data.Whole[.._bytes].CopyTo(grown.Whole);
            data.Release();
            _data = data = grown;
        }

        return data.Whole[_bytes..];
    }

    public void Commit(int bytes)
    {
        _bytes += bytes;
        _offsets!.As<int>()[++Count] = _bytes;
    }

    protected override void RentBuffers(int capacity)
    {
        _offsets = Pool.Rent((capacity + 1) * sizeof(int));
        _offsets.As<int>()[0] = 0;
        _data = Pool.Rent(Math.Max(256, capacity * 16));
        _bytes = 0;
    }

    protected override void AppendEmpty() => Commit(0);

    protected override void TruncateValues(int count) => _bytes = _offsets!.As<int>()[count];

    protected override ColumnVector BuildValues(NativeBuffer? validity)
    {
        NativeBuffer offsets = _offsets!;
        NativeBuffer data = _data!;
        _offsets = _data = null;
        data.Shrink(_bytes);
        return ColumnVector.FromBuffers(Type, Count, validity, offsets, data);
    }

    protected override void ReleaseValueBuffers()
    {
        _offsets?.Release();
        _data?.Release();
        _offsets = _data = null;
    }
}
