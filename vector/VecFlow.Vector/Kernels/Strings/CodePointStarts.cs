using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Kernels;

/// <summary>CHAR_LENGTH of every row: one vectorized pass marks where code points start, then each row is a popcount.</summary>
/// <remarks>
/// Typical strings are shorter than a vector, so counting row by row would spend its time in scalar tails. Instead the
/// whole data buffer is compared against the continuation-byte limit at once (<see cref="ComparisonDriver"/>, one bit
/// per byte), and a row's length is the number of set bits in its byte range: one or two popcounts for short rows.
/// </remarks>
[SkipLocalsInit]
internal static class CodePointStarts
{
    public static void CountPerRow(ColumnVector strings, Span<int> destination, BufferPool pool)
    {
        var rows = new Utf8Rows(strings);
        int n = rows.Length;
        if (n == 0)
        {
            return;
        }

        ReadOnlySpan<byte> data = rows.Data;
        NativeBuffer starts = pool.Rent(Bits.ByteCount(data.Length));
        try
        {
            ComparisonDriver.Invoke<sbyte, IsCodePointStart>(MemoryMarshal.Cast<byte, sbyte>(data), Utf8Text.ContinuationLimit, starts.Words);
            ReadOnlySpan<ulong> words = starts.Words;
            ReadOnlySpan<ulong> validity = strings.Validity;
            for (int i = 0; i < n; i++)
            {
                destination[i] = validity.IsEmpty || Bits.Get(validity, i) ? PopCount(words, rows.Offset(i), rows.Offset(i + 1)) : 0;
            }
        }
        finally
        {
            starts.Release();
        }
    }

    /// <summary>Set bits in [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PopCount(ReadOnlySpan<ulong> words, int start, int end)
    {
        if (start >= end)
        {
            return 0;
        }

        int first = start >> 6;
        int last = (end - 1) >> 6;
        ulong head = words[first] & (ulong.MaxValue << start);
        ulong tailMask = ulong.MaxValue >> (63 - ((end - 1) & 63));
        if (first == last)
        {
            return BitOperations.PopCount(head & tailMask);
        }

        int count = BitOperations.PopCount(head) + BitOperations.PopCount(words[last] & tailMask);
        for (int w = first + 1; w < last; w++)
        {
            count += BitOperations.PopCount(words[w]);
        }

        return count;
    }

    /// <summary>A byte starts a code point when, read as signed, it is at least -64 (it is not 10xxxxxx).</summary>
    private readonly struct IsCodePointStart : IComparisonOperator<sbyte>
    {
        public static bool Vectorizable => true;

        public static bool Invoke(sbyte x, sbyte y) => x >= y;

        public static Vector128<sbyte> Invoke(Vector128<sbyte> x, Vector128<sbyte> y) => Vector128.GreaterThanOrEqual(x, y);

        public static Vector256<sbyte> Invoke(Vector256<sbyte> x, Vector256<sbyte> y) => Vector256.GreaterThanOrEqual(x, y);

        public static Vector512<sbyte> Invoke(Vector512<sbyte> x, Vector512<sbyte> y) => Vector512.GreaterThanOrEqual(x, y);
    }
}
