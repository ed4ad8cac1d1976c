using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace VecFlow.Vector.Kernels;

/// <summary>UPPER(s): ASCII rows in place on the bytes (vectorized), other rows by invariant-culture Unicode simple case mapping.</summary>
internal readonly struct UpperCase : IUtf8Transform
{
    public int MaxByteCount(ReadOnlySpan<byte> value) => CaseMapping.MaxByteCount(value);

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination) => CaseMapping.Map(value, destination, upper: true);
}

/// <summary>LOWER(s): ASCII rows in place on the bytes (vectorized), other rows by invariant-culture Unicode simple case mapping.</summary>
internal readonly struct LowerCase : IUtf8Transform
{
    public int MaxByteCount(ReadOnlySpan<byte> value) => CaseMapping.MaxByteCount(value);

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination) => CaseMapping.Map(value, destination, upper: false);
}

/// <summary>The shared work of <see cref="UpperCase"/> and <see cref="LowerCase"/>.</summary>
[SkipLocalsInit]
internal static class CaseMapping
{
    private const int StackChars = 256;

    /// <summary>
    /// ASCII maps to ASCII byte for byte. Otherwise case mapping keeps the number of UTF-16 chars, a char takes at most
    /// 3 UTF-8 bytes, and a string has at most one char per byte (invalid bytes become U+FFFD, 3 bytes), hence 3x.
    /// </summary>
    public static int MaxByteCount(ReadOnlySpan<byte> value) =>
        System.Text.Ascii.IsValid(value) ? value.Length : (int)Math.Min(3L * value.Length, int.MaxValue);

    public static int Map(ReadOnlySpan<byte> value, Span<byte> destination, bool upper)
    {
        OperationStatus status = upper
            ? System.Text.Ascii.ToUpper(value, destination, out int written)
            : System.Text.Ascii.ToLower(value, destination, out written);
        if (status == OperationStatus.Done)
        {
            return written;
        }

        // The ASCII prefix is already mapped (one byte per byte); the rest goes through UTF-16 case mapping.
        return written + MapUnicode(value[written..], destination[written..], upper);
    }

    private static int MapUnicode(ReadOnlySpan<byte> value, Span<byte> destination, bool upper)
    {
        int chars = Encoding.UTF8.GetCharCount(value);
        char[]? rented = null;
        Span<char> buffer = chars <= StackChars
            ? stackalloc char[2 * StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(2 * chars));
        try
        {
            Span<char> decoded = buffer[..chars];
            Span<char> mapped = buffer.Slice(chars, chars);
            Encoding.UTF8.GetChars(value, decoded);
            if (upper)
            {
                decoded.ToUpperInvariant(mapped);
            }
            else
            {
                decoded.ToLowerInvariant(mapped);
            }

            return Encoding.UTF8.GetBytes(mapped, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
