using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels;

/// <summary>Code-point arithmetic on UTF-8 bytes: counting, and finding where the k-th code point starts.</summary>
/// <remarks>
/// SQL string functions count characters (code points), not bytes. A code point starts at every byte that is not a
/// continuation byte (10xxxxxx), so counting is a byte comparison that vectorizes; stepping uses ASCII runs (one byte,
/// one code point) where it can. Invalid UTF-8 never faults: a stray byte counts as one code point.
/// </remarks>
[SkipLocalsInit]
internal static class Utf8Text
{
    /// <summary>Bytes 0x80..0xBF read as signed are below this: they continue a code point.</summary>
    public const sbyte ContinuationLimit = -64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsContinuation(byte b) => (sbyte)b < ContinuationLimit;

    /// <summary>Bytes of the code point whose lead byte is <paramref name="lead"/> (1 for ASCII and stray bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SequenceLength(byte lead) => lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;

    /// <summary>Offset of the code point after the one at <paramref name="at"/>, at most the length of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextCodePoint(ReadOnlySpan<byte> value, int at) => Math.Min(at + SequenceLength(value[at]), value.Length);

    /// <summary>Number of code points in <paramref name="value"/>.</summary>
    public static int CountCodePoints(ReadOnlySpan<byte> value)
    {
        int n = value.Length;
        ref sbyte r = ref Unsafe.As<byte, sbyte>(ref MemoryMarshal.GetReference(value));
        int continuation = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<sbyte>.Count)
        {
            Vector256<sbyte> limit = Vector256.Create(ContinuationLimit);
            int step = Vector256<sbyte>.Count;
            int i = 0;
            for (; i <= n - step; i += step)
            {
                continuation += BitOperations.PopCount(Vector256.LessThan(Vector256.LoadUnsafe(ref r, (nuint)i), limit).ExtractMostSignificantBits());
            }

            if (i < n)
            {
                // The overlapping last vector: drop the lanes the loop already counted.
                uint bits = Vector256.LessThan(Vector256.LoadUnsafe(ref r, (nuint)(n - step)), limit).ExtractMostSignificantBits();
                continuation += BitOperations.PopCount(bits >> (i - (n - step)));
            }

            return n - continuation;
        }

        if (Vector128.IsHardwareAccelerated && n >= Vector128<sbyte>.Count)
        {
            Vector128<sbyte> limit = Vector128.Create(ContinuationLimit);
            int step = Vector128<sbyte>.Count;
            int i = 0;
            for (; i <= n - step; i += step)
            {
                continuation += BitOperations.PopCount(Vector128.LessThan(Vector128.LoadUnsafe(ref r, (nuint)i), limit).ExtractMostSignificantBits());
            }

            if (i < n)
            {
                uint bits = Vector128.LessThan(Vector128.LoadUnsafe(ref r, (nuint)(n - step)), limit).ExtractMostSignificantBits();
                continuation += BitOperations.PopCount(bits >> (i - (n - step)));
            }

            return n - continuation;
        }

        for (int i = 0; i < n; i++)
        {
            if (Unsafe.Add(ref r, i) < ContinuationLimit)
            {
                continuation++;
            }
        }

        return n - continuation;
    }

    /// <summary>
    /// Byte offset where code point number <paramref name="count"/> (0-based) starts, or the length of
    /// <paramref name="value"/> when it has no more than <paramref name="count"/> code points.
    /// </summary>
    public static int SkipCodePoints(ReadOnlySpan<byte> value, long count)
    {
        if (count <= 0)
        {
            return 0;
        }

        // Up to the first non-ASCII byte every byte is one code point; the search for it is vectorized.
        int ascii = (int)Math.Min(count, value.Length);
        int firstNonAscii = value[..ascii].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (firstNonAscii < 0)
        {
            return ascii;
        }

        int at = firstNonAscii;
        count -= firstNonAscii;
        while (count > 0 && at < value.Length)
        {
            at = NextCodePoint(value, at);
            count--;
        }

        return at;
    }

    /// <summary>
    /// Byte offset where the last <paramref name="count"/> code points start, or -1 when <paramref name="value"/> has
    /// fewer than <paramref name="count"/> code points.
    /// </summary>
    public static int StartOfLastCodePoints(ReadOnlySpan<byte> value, long count)
    {
        int at = value.Length;
        if (count <= 0)
        {
            return at;
        }

        int ascii = (int)Math.Min(count, value.Length);
        int lastNonAscii = value[(at - ascii)..].LastIndexOfAnyInRange((byte)0x80, (byte)0xFF);
        int asciiRun = lastNonAscii < 0 ? ascii : ascii - lastNonAscii - 1;
        at -= asciiRun;
        count -= asciiRun;
        while (count > 0)
        {
            if (at == 0)
            {
                return -1;
            }

            at--;
            while (at > 0 && IsContinuation(value[at]))
            {
                at--;
            }

            count--;
        }

        return at;
    }
}
