using System.Buffers;
using System.Text;

namespace VecFlow.Vector.Kernels;

/// <summary>TRIM with only ASCII characters to remove: a vectorized search for the first and last byte outside the set.</summary>
/// <remarks>Exact on UTF-8: ASCII bytes never occur inside a multi-byte code point.</remarks>
internal readonly struct AsciiTrim(SearchValues<byte> characters, TrimMode mode) : IUtf8Transform
{
    private readonly SearchValues<byte> _characters = characters;
    private readonly TrimMode _mode = mode;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (_mode != TrimMode.Trailing)
        {
            int first = value.IndexOfAnyExcept(_characters);
            value = first < 0 ? default : value[first..];
        }

        if (_mode != TrimMode.Leading)
        {
            value = value[..(value.LastIndexOfAnyExcept(_characters) + 1)];
        }

        value.CopyTo(destination);
        return value.Length;
    }
}

/// <summary>TRIM with non-ASCII characters to remove: decodes code points from either end and tests them against the set.</summary>
internal readonly struct RuneTrim(Rune[] characters, TrimMode mode) : IUtf8Transform
{
    private readonly Rune[] _characters = characters;
    private readonly TrimMode _mode = mode;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (_mode != TrimMode.Trailing)
        {
            while (!value.IsEmpty)
            {
                Rune.DecodeFromUtf8(value, out Rune rune, out int consumed);
                if (!Removes(rune))
                {
                    break;
                }

                value = value[consumed..];
            }
        }

        if (_mode != TrimMode.Leading)
        {
            while (!value.IsEmpty)
            {
                Rune.DecodeLastFromUtf8(value, out Rune rune, out int consumed);
                if (!Removes(rune))
                {
                    break;
                }

                value = value[..^consumed];
            }
        }

        value.CopyTo(destination);
        return value.Length;
    }

    private bool Removes(Rune rune) => Array.IndexOf(_characters, rune) >= 0;
}
