using System.Numerics;
using System.Runtime.CompilerServices;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// Decodes Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary indices): runs of one repeated
/// value and runs of values packed in <c>bitWidth</c> bits, least significant bit first.
/// </summary>
/// <remarks>
/// The buffer must hold 8 readable bytes past the encoded range: a packed value is taken with one unaligned 64-bit
/// load. Running out of runs before the values asked for means a damaged page.
/// </remarks>
internal sealed class ParquetHybridDecoder
{
    private byte[] _data = [];
    private int _position;
    private int _end;
    private int _bitWidth;
    private ulong _mask;

    // The current run: values left in it; for a packed run the bit position of the next value, else the repeated value.
    private int _left;
    private bool _packed;
    private long _bit;
    private int _value;

    /// <summary>Starts decoding <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="start"/>, values of <paramref name="bitWidth"/> bits (0 to 32).</summary>
    public void Reset(byte[] data, int start, int length, int bitWidth)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"a hybrid-encoded run has a bit width of {bitWidth}; at most 32 is valid");
        }

        if (start + length + sizeof(ulong) > data.Length)
        {
            throw new ArgumentException("The buffer needs 8 bytes past the encoded range.", nameof(data));
        }

        _data = data;
        _position = start;
        _end = start + length;
        _bitWidth = bitWidth;
        _mask = bitWidth == 32 ? uint.MaxValue : (1UL << bitWidth) - 1;
        _left = 0;
    }

    /// <summary>Fills <paramref name="values"/> with the next values: dictionary indices as int, definition levels as short.</summary>
    public void Read<T>(Span<T> values)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = 0;
        while (i < values.Length)
        {
            int n = NextRun(values.Length - i);
            if (_packed)
            {
                for (int k = 0; k < n; k++)
                {
                    values[i + k] = T.CreateTruncating(Packed());
                }
            }
            else
            {
                values.Slice(i, n).Fill(T.CreateTruncating(_value));
                _left -= n;
            }

            i += n;
        }
    }

    /// <summary>Passes over the next <paramref name="count"/> values.</summary>
    public void Skip(int count)
    {
        while (count > 0)
        {
            int n = NextRun(count);
            if (_packed)
            {
                _bit += (long)n * _bitWidth;
            }

            _left -= n;
            count -= n;
        }
    }

    /// <summary>How many of the next values (at most <paramref name="wanted"/>) the current run holds, starting the next run when it is spent.</summary>
    private int NextRun(int wanted)
    {
        // A loop, not a recursion: damaged data may hold any number of empty runs.
        while (_left == 0)
        {
            if (_position >= _end)
            {
                throw new InvalidDataException("hybrid-encoded levels or indices end before the values their page counts");
            }

            uint header = Varint();
            if ((header & 1) == 0)
            {
                _packed = false;
                _left = (int)(header >> 1);
                int bytes = (_bitWidth + 7) / 8;
                if (bytes > _end - _position)
                {
                    throw new InvalidDataException("a hybrid-encoded run ends in the middle of its value");
                }

                int value = 0;
                for (int b = 0; b < bytes; b++)
                {
                    value |= _data[_position + b] << (8 * b);
                }

                _value = value;
                _position += bytes;
            }
            else
            {
                // Groups of 8 values; a last group cut short by the end of the data holds the values that fit.
                long groups = header >> 1;
                long bytes = groups * _bitWidth;
                long available = Math.Min(bytes, _end - _position);
                long count = _bitWidth == 0 ? groups * 8 : available * 8 / _bitWidth;
                if (count > int.MaxValue)
                {
                    throw new InvalidDataException($"a hybrid-encoded run claims {count} values");
                }

                _packed = true;
                _bit = (long)_position * 8;
                _left = (int)count;
                _position += (int)available;
            }
        }

        return Math.Min(_left, wanted);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Packed()
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref _data[(int)(_bit >> 3)]);
        int value = (int)((word >> (int)(_bit & 7)) & _mask);
        _bit += _bitWidth;
        _left--;
        return value;
    }

    private uint Varint()
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (_position >= _end)
            {
                break;
            }

            byte b = _data[_position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a hybrid-encoded run header is malformed");
    }
}
