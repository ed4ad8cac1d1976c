using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Kernels;

/// <summary>Validity and live-row masks shared by the arithmetic and cast kernels.</summary>
internal static class KernelMasks
{
    public static void CheckLive(ReadOnlySpan<ulong> live, int length)
    {
        if (!live.IsEmpty && live.Length < Bits.WordCount(length))
        {
            throw new ArgumentException($"The live mask has {live.Length} words; {length} rows need {Bits.WordCount(length)}.", nameof(live));
        }
    }

    /// <summary>The AND of the validity of the given columns (null entries are scalars), or null when no row is NULL.</summary>
    public static NativeBuffer? CombinedValidity(ColumnVector? a, ColumnVector? b, int length, BufferPool pool)
    {
        bool aNulls = a is { HasNulls: true };
        bool bNulls = b is { HasNulls: true };
        if (!aNulls && !bNulls)
        {
            return null;
        }

        int words = Bits.WordCount(length);
        NativeBuffer validity = pool.Rent(Bits.ByteCount(length));
        Span<ulong> destination = validity.Words[..words];
        if (aNulls && bNulls)
        {
            Bits.And(a!.Validity[..words], b!.Validity[..words], destination);
        }
        else
        {
            (aNulls ? a! : b!).Validity[..words].CopyTo(destination);
        }

        return validity;
    }

    /// <summary>Rows that must not fail: <paramref name="live"/> (empty = all) AND the result validity (null = all).</summary>
    public static ReadOnlySpan<ulong> LiveAndValid(ReadOnlySpan<ulong> live, NativeBuffer? validity, int length, ScratchBuffers scratch)
    {
        if (validity is null)
        {
            return live;
        }

        int words = Bits.WordCount(length);
        if (live.IsEmpty)
        {
            return validity.Words[..words];
        }

        Span<ulong> mask = scratch.Rent<ulong>(words);
        Bits.And(live[..words], validity.Words[..words], mask);
        return mask;
    }

    public static bool IsLive(ReadOnlySpan<ulong> live, int row) => live.IsEmpty || Bits.Get(live, row);
}
