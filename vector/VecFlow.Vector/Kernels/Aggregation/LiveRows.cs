using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels.Aggregation;

/// <summary>The rows a reduction reads: a selection mask AND a column's validity, combined once per call.</summary>
/// <remarks>
/// Empty <see cref="Words"/> means every row. When only one of the two inputs is present it is used as is; otherwise
/// the AND goes into the caller's stack buffer when it fits, or into an array from the shared pool.
/// </remarks>
public ref struct LiveRows
{
    /// <summary>Stack words a caller should offer (4,096 rows).</summary>
    public const int StackWords = 64;

    private ulong[]? _rented;

    public LiveRows(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> validity, int length, Span<ulong> stackBuffer)
    {
        int words = Bits.WordCount(length);
        Length = length;
        if (!mask.IsEmpty && mask.Length < words)
        {
            throw new ArgumentException($"The mask has {mask.Length} words but {length} rows need {words}.", nameof(mask));
        }

        if (mask.IsEmpty)
        {
            Words = validity.IsEmpty ? default : validity[..words];
        }
        else if (validity.IsEmpty)
        {
            Words = mask[..words];
        }
        else
        {
            Span<ulong> scratch = words <= stackBuffer.Length ? stackBuffer[..words] : (_rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
            Bits.And(mask[..words], validity[..words], scratch);
            Words = scratch;
        }
    }

    /// <summary>Live-row words (exactly WordCount(length) of them), or empty for every row.</summary>
    public ReadOnlySpan<ulong> Words { get; }

    public int Length { get; }

    public readonly bool AllRows => Words.IsEmpty;

    /// <summary>Number of live rows (bits past the length are ignored even if a caller's mask has them).</summary>
    public readonly int Count => AllRows ? Length : CountSet(Words, Length);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(_rented);
            _rented = null;
        }
    }

    /// <summary>Set bits among the first <paramref name="length"/> bits.</summary>
    public static int CountSet(ReadOnlySpan<ulong> words, int length)
    {
        int full = length >> 6;
        int count = Bits.PopCount(words[..full]);
        if ((length & 63) != 0)
        {
            count += BitOperations.PopCount(words[full] & Bits.TailMask(length));
        }

        return count;
    }

    /// <summary>The live row indices in increasing order.</summary>
    public readonly SetBitEnumerator GetEnumerator() => new(Words, Length);
}

/// <summary>Enumerates the set bits below a length, in increasing order (empty words = every row).</summary>
public ref struct SetBitEnumerator
{
    private readonly ReadOnlySpan<ulong> _words;
    private readonly int _length;
    private readonly bool _all;
    private int _word;
    private ulong _bits;
    private int _current;

    public SetBitEnumerator(ReadOnlySpan<ulong> words, int length)
    {
        _words = words;
        _length = length;
        _all = words.IsEmpty;
        _word = -1;
        _current = -1;
    }

    public readonly int Current => _current;

    public readonly SetBitEnumerator GetEnumerator() => this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        if (_all)
        {
            return ++_current < _length;
        }

        while (_bits == 0)
        {
            int next = _word + 1;
            if (next >= Bits.WordCount(_length))
            {
                return false;
            }

            _word = next;
            _bits = _words[next];
            if (next == Bits.WordCount(_length) - 1)
            {
                _bits &= Bits.TailMask(_length);
            }
        }

        _current = (_word << 6) + BitOperations.TrailingZeroCount(_bits);
        _bits &= _bits - 1;
        return true;
    }
}
