using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Columns;

/// <summary>Appends UTF-8 strings into pooled offset and data buffers, growing the data buffer geometrically.</summary>
/// <remarks>Kernels that produce strings (upper, concat, casts) write through this; <see cref="Build"/> hands the buffers to a column.</remarks>
public sealed class StringColumnBuilder : IDisposable
{
    private readonly BufferPool _pool;
    private readonly int _capacity;
    private NativeBuffer? _offsets;
    private NativeBuffer? _data;
    private NativeBuffer? _validity;
    private int _count;
    private int _bytes;

    public StringColumnBuilder(int rows, BufferPool pool, int expectedBytes = 0)
    {
        _pool = pool;
        _capacity = rows;
        _offsets = pool.Rent((rows + 1) * sizeof(int));
        _offsets.As<int>()[0] = 0;
        _data = pool.Rent(Math.Max(64, expectedBytes));
    }

    public int Count => _count;

    /// <summary>Appends the UTF-8 bytes of one value.</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        Span<byte> target = Reserve(utf8.Length);
        utf8.CopyTo(target);
        Commit(utf8.Length);
    }

    public void Append(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        int written = Encoding.UTF8.GetBytes(value, Reserve(max));
        Commit(written);
    }

    public void AppendNull()
    {
        if (_validity is null)
        {
            _validity = _pool.Rent(Bits.ByteCount(_capacity));
            Bits.SetAll(_validity.Words, _capacity);
        }

        Bits.Clear(_validity.Words, _count);
        Commit(0);
    }

    /// <summary>A span of at least <paramref name="bytes"/> bytes to write the next value into; then call <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int bytes)
    {
        NativeBuffer data = _data ?? throw new ObjectDisposedException(nameof(StringColumnBuilder));
        long needed = (long)_bytes + bytes;
        if (needed > data.Capacity)
        {
            if (needed > int.MaxValue / 2)
            {
                throw new InvalidOperationException($"A string column would need {needed} bytes; one column holds at most 1 GiB of text.");
            }

            NativeBuffer grown = _pool.Rent((int)Math.Max(needed, (long)data.Capacity * 2));
            data.Whole[.._bytes].CopyTo(grown.Whole);
            data.Release();
            _data = data = grown;
        }

        return data.Whole[_bytes..];
    }

    /// <summary>Ends the current value after <paramref name="bytes"/> bytes were written into <see cref="Reserve"/>'s span.</summary>
    public void Commit(int bytes)
    {
        if (_count >= _capacity)
        {
            throw new InvalidOperationException($"The builder was sized for {_capacity} rows.");
        }

        _bytes += bytes;
        _count++;
        _offsets!.As<int>()[_count] = _bytes;
    }

    /// <summary>The finished column; the builder is empty afterwards.</summary>
    public ColumnVector Build()
    {
        if (_count != _capacity)
        {
            throw new InvalidOperationException($"The builder holds {_count} of the {_capacity} rows it was sized for.");
        }

        NativeBuffer data = _data!;
        NativeBuffer offsets = _offsets!;
        NativeBuffer? validity = _validity;
        _data = _offsets = _validity = null;
        NativeBuffer exact = data;
        exact.Shrink(_bytes);
        return ColumnVector.FromBuffers(SqlType.Varchar, _count, validity, offsets, exact);
    }

    public void Dispose()
    {
        _data?.Release();
        _offsets?.Release();
        _validity?.Release();
        _data = _offsets = _validity = null;
    }
}
