using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>The rows on which a kernel's errors count: live rows where every column argument is non-NULL.</summary>
/// <remarks>Owns a pooled bitmap when it had to narrow; otherwise it passes the caller's span through.</remarks>
internal ref struct LiveRows
{
    private NativeBuffer? _buffer;

    public ReadOnlySpan<ulong> Words { get; private set; }

    public static LiveRows Of(ReadOnlySpan<ulong> live, IReadOnlyList<Operand> arguments, int length, BufferPool pool)
    {
        var result = new LiveRows { Words = live };
        foreach (Operand argument in arguments)
        {
            if (argument.Column is { HasNulls: true } column)
            {
                result.Narrow(column.Validity, length, pool);
            }
        }

        return result;
    }

    private void Narrow(ReadOnlySpan<ulong> validity, int length, BufferPool pool)
    {
        if (_buffer is null)
        {
            _buffer = pool.Rent(Bits.ByteCount(length));
            Span<ulong> words = _buffer.Words[..Bits.WordCount(length)];
            if (Words.IsEmpty)
            {
                validity[..words.Length].CopyTo(words);
            }
            else
            {
                Bits.And(Words, validity, words);
            }

            Words = words;
            return;
        }

        Span<ulong> own = _buffer.Words[..Bits.WordCount(length)];
        Bits.And(own, validity, own);
    }

    public void Dispose()
    {
        _buffer?.Release();
        _buffer = null;
    }
}
