using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Bitmaps;

/// <summary>The live rows of a batch as a bitmap: a filter clears bits instead of copying rows.</summary>
/// <remarks>Owns one pooled buffer; dispose it, or hand it to a ColumnBatch that does.</remarks>
public sealed class Selection : IDisposable
{
    private NativeBuffer? _buffer;

    private Selection(NativeBuffer buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Rows the bitmap covers (live or not).</summary>
    public int Length { get; }

    /// <summary>The bitmap words; bits past <see cref="Length"/> are zero.</summary>
    public Span<ulong> Words => Buffer.Words[..Bits.WordCount(Length)];

    /// <summary>Number of live rows.</summary>
    public int Count => Bits.PopCount(Words);

    public bool IsSelected(int row) => Bits.Get(Words, row);

    private NativeBuffer Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Selection));

    /// <summary>A selection with every row live.</summary>
    public static Selection All(int length, BufferPool pool)
    {
        var selection = new Selection(pool.Rent(Bits.ByteCount(length)), length);
        Bits.SetAll(selection.Buffer.Words, length);
        return selection;
    }

    /// <summary>A selection with no row live.</summary>
    public static Selection None(int length, BufferPool pool) => new(pool.Rent(Bits.ByteCount(length), zeroed: true), length);

    /// <summary>A selection whose bits are copied from <paramref name="words"/>.</summary>
    public static Selection FromWords(ReadOnlySpan<ulong> words, int length, BufferPool pool)
    {
        var selection = new Selection(pool.Rent(Bits.ByteCount(length)), length);
        words[..Bits.WordCount(length)].CopyTo(selection.Words);
        Bits.ClearPadding(selection.Buffer.Words, length);
        return selection;
    }

    /// <summary>A selection of the given row indices.</summary>
    public static Selection FromIndices(ReadOnlySpan<int> rows, int length, BufferPool pool)
    {
        Selection selection = None(length, pool);
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)length)
            {
                selection.Dispose();
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside a selection of {length} rows.");
            }

            Bits.Set(selection.Words, row);
        }

        return selection;
    }

    /// <summary>A copy of this selection.</summary>
    public Selection Clone(BufferPool pool) => FromWords(Words, Length, pool);

    /// <summary>A new selection of the rows live in both.</summary>
    public Selection Intersect(ReadOnlySpan<ulong> other, BufferPool pool)
    {
        var result = new Selection(pool.Rent(Bits.ByteCount(Length)), Length);
        Bits.And(Words, other, result.Words);
        return result;
    }

    /// <summary>Narrows this selection in place to the rows also set in <paramref name="other"/>.</summary>
    public void IntersectInPlace(ReadOnlySpan<ulong> other) => Bits.And(Words, other, Words);

    /// <summary>The live row indices, ascending.</summary>
    public int[] ToIndices()
    {
        int[] indices = new int[Count];
        Bits.ForEachSet(Words, indices);
        return indices;
    }

    /// <summary>Writes the live row indices into <paramref name="destination"/> and returns how many.</summary>
    public int ToIndices(Span<int> destination) => Bits.ForEachSet(Words, destination);

    public void Dispose()
    {
        NativeBuffer? buffer = Interlocked.Exchange(ref _buffer, null);
        buffer?.Release();
    }
}
