using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Bitmaps;

/// <summary>Word-level operations on LSB-first bitmaps, the layout of Arrow validity and boolean buffers.</summary>
/// <remarks>
/// Bit i of a bitmap is bit (i % 64) of word (i / 64). Bits past the logical length are always zero; every writer
/// keeps that invariant so that word-wide AND / OR / popcount need no tail masks.
/// </remarks>
[SkipLocalsInit]
public static class Bits
{
    /// <summary>Number of 64-bit words that hold <paramref name="bits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WordCount(int bits) => (bits + 63) >> 6;

    /// <summary>Bytes of a bitmap buffer for <paramref name="bits"/> bits, rounded up to whole words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ByteCount(int bits) => WordCount(bits) << 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<ulong> words, int index) => (words[index >> 6] & (1UL << index)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<ulong> words, int index) => words[index >> 6] |= 1UL << index;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Span<ulong> words, int index) => words[index >> 6] &= ~(1UL << index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<ulong> words, int index, bool value)
    {
        ulong mask = 1UL << index;
        ref ulong word = ref words[index >> 6];
        word = value ? word | mask : word & ~mask;
    }

    /// <summary>Sets bits 0..length-1 and clears the rest of the words.</summary>
    public static void SetAll(Span<ulong> words, int length)
    {
        int full = length >> 6;
        words[..full].Fill(ulong.MaxValue);
        if (full < words.Length)
        {
            words[full..].Clear();
            int rest = length & 63;
            if (rest != 0)
            {
                words[full] = (1UL << rest) - 1;
            }
        }
    }

    /// <summary>Mask of the valid bits in the last word of a bitmap of <paramref name="length"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong TailMask(int length) => (length & 63) == 0 ? ulong.MaxValue : (1UL << (length & 63)) - 1;

    /// <summary>Clears every bit at or after <paramref name="length"/> (restores the padding invariant).</summary>
    public static void ClearPadding(Span<ulong> words, int length)
    {
        int used = WordCount(length);
        if (used > 0)
        {
            words[used - 1] &= TailMask(length);
        }

        if (used < words.Length)
        {
            words[used..].Clear();
        }
    }

    /// <summary>Number of set bits.</summary>
    public static int PopCount(ReadOnlySpan<ulong> words)
    {
        long count = 0;
        foreach (ulong w in words)
        {
            count += BitOperations.PopCount(w);
        }

        return (int)count;
    }

    /// <summary>destination = a AND b.</summary>
    public static void And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination) =>
        BitwiseDriver.Invoke<AndWords>(a, b, destination);

    /// <summary>destination = a OR b.</summary>
    public static void Or(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination) =>
        BitwiseDriver.Invoke<OrWords>(a, b, destination);

    /// <summary>destination = a AND NOT b.</summary>
    public static void AndNot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination) =>
        BitwiseDriver.Invoke<AndNotWords>(a, b, destination);

    /// <summary>destination = NOT a, with the padding past <paramref name="length"/> kept clear.</summary>
    public static void Not(ReadOnlySpan<ulong> a, Span<ulong> destination, int length)
    {
        int n = WordCount(length);
        for (int i = 0; i < n; i++)
        {
            destination[i] = ~a[i];
        }

        ClearPadding(destination, length);
    }

    /// <summary>Writes the index of every set bit, in increasing order, and returns how many there are.</summary>
    public static int ForEachSet(ReadOnlySpan<ulong> words, Span<int> indices)
    {
        int count = 0;
        for (int w = 0; w < words.Length; w++)
        {
            ulong word = words[w];
            int baseIndex = w << 6;
            while (word != 0)
            {
                indices[count++] = baseIndex + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }

        return count;
    }

    /// <summary>Copies an Arrow bitmap (bytes, with a bit offset) into LSB-first words starting at bit 0.</summary>
    public static void CopyFromBytes(ReadOnlySpan<byte> source, int bitOffset, int length, Span<ulong> destination)
    {
        destination[..WordCount(length)].Clear();
        if ((bitOffset & 7) == 0)
        {
            ReadOnlySpan<byte> bytes = source.Slice(bitOffset >> 3, (length + 7) >> 3);
            bytes.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                int bit = bitOffset + i;
                if ((source[bit >> 3] & (1 << (bit & 7))) != 0)
                {
                    destination[i >> 6] |= 1UL << i;
                }
            }
        }

        ClearPadding(destination, length);
    }

    private readonly struct AndWords : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a & b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a & b;
    }

    private readonly struct OrWords : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a | b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a | b;
    }

    private readonly struct AndNotWords : IBitwiseOperator
    {
        public static ulong Invoke(ulong a, ulong b) => a & ~b;

        public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => Vector256.AndNot(a, b);
    }
}
