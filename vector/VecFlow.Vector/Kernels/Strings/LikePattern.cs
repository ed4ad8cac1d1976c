using System.Text;

namespace VecFlow.Vector.Kernels;

/// <summary>A SQL LIKE pattern compiled once per expression into its fastest matching shape; reusable across batches and threads.</summary>
/// <remarks>
/// SQL LIKE semantics, case-sensitive: '%' matches any sequence of characters (also none), '_' exactly one character
/// (a code point, not a byte), and the escape character makes the next '%', '_' or escape character literal. Matching
/// runs on the UTF-8 bytes; patterns that are one literal with '%' around it become a single span search.
/// </remarks>
public sealed class LikePattern
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _head;
    private readonly byte[] _tail;
    private readonly int[] _tokens;

    private LikePattern(string pattern, char? escape, LikeShape shape, byte[] head, byte[] tail, int[] tokens)
    {
        Pattern = pattern;
        Escape = escape;
        Shape = shape;
        _head = head;
        _tail = tail;
        _tokens = tokens;
    }

    public string Pattern { get; }

    public char? Escape { get; }

    public LikeShape Shape { get; }

    /// <summary>The literal of Exact, the prefix of Prefix and PrefixSuffix, the needle of Contains.</summary>
    internal byte[] Head => _head;

    /// <summary>The suffix of Suffix and PrefixSuffix.</summary>
    internal byte[] Tail => _tail;

    /// <summary>The tokens of the General shape (see <see cref="WildcardMatcher"/>).</summary>
    internal int[] Tokens => _tokens;

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="ArgumentException"/> for a misused escape character.</summary>
    public static LikePattern Compile(string pattern, char? escape)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (escape is char e && char.IsSurrogate(e))
        {
            throw new ArgumentException(
                $"The LIKE escape character U+{(int)e:X4} is half of a surrogate pair; the escape must be one whole character.", nameof(escape));
        }

        var tokens = new List<int>(pattern.Length + 4);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == escape)
            {
                if (i + 1 == pattern.Length)
                {
                    throw InvalidEscape(pattern, escape.Value, i, "the pattern ends after it");
                }

                char next = pattern[i + 1];
                if (next != '%' && next != '_' && next != escape)
                {
                    throw InvalidEscape(pattern, escape.Value, i, $"it is followed by '{next}'");
                }

                AddLiteral(tokens, pattern, i + 1, 1);
                i++;
            }
            else if (c == '%')
            {
                // '%%' matches what '%' matches; one token keeps the matcher's backtracking to one level.
                if (tokens.Count == 0 || tokens[^1] != WildcardMatcher.AnySequence)
                {
                    tokens.Add(WildcardMatcher.AnySequence);
                }
            }
            else if (c == '_')
            {
                tokens.Add(WildcardMatcher.AnyCharacter);
            }
            else
            {
                int width = char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]) ? 2 : 1;
                AddLiteral(tokens, pattern, i, width);
                i += width - 1;
            }
        }

        return FromTokens(pattern, escape, [.. tokens]);
    }

    /// <summary>Whether the UTF-8 string <paramref name="utf8"/> matches the pattern.</summary>
    public bool Matches(ReadOnlySpan<byte> utf8) => Shape switch
    {
        LikeShape.Exact => new Utf8Equals(_head).Matches(utf8),
        LikeShape.Prefix => new Utf8StartsWith(_head).Matches(utf8),
        LikeShape.Suffix => new Utf8EndsWith(_tail).Matches(utf8),
        LikeShape.Contains => new Utf8Contains(_head).Matches(utf8),
        LikeShape.PrefixSuffix => new Utf8StartsAndEndsWith(_head, _tail).Matches(utf8),
        _ => WildcardMatcher.Matches(_tokens, utf8),
    };

    public override string ToString() =>
        Escape is char e ? $"LIKE '{Pattern}' ESCAPE '{e}' ({Shape})" : $"LIKE '{Pattern}' ({Shape})";

    private static LikePattern FromTokens(string pattern, char? escape, int[] tokens)
    {
        // A fast shape needs literal runs around at most two '%' and no '_'.
        int sequences = 0;
        foreach (int token in tokens)
        {
            if (token == WildcardMatcher.AnyCharacter)
            {
                return General();
            }

            if (token == WildcardMatcher.AnySequence)
            {
                sequences++;
            }
        }

        bool leading = tokens.Length > 0 && tokens[0] == WildcardMatcher.AnySequence;
        bool trailing = tokens.Length > 0 && tokens[^1] == WildcardMatcher.AnySequence;
        switch (sequences)
        {
            case 0:
                return Shaped(LikeShape.Exact, Literal(tokens), []);
            case 1 when leading && trailing:
                return Shaped(LikeShape.Contains, [], []);
            case 1 when trailing:
                return Shaped(LikeShape.Prefix, Literal(tokens.AsSpan(0, tokens.Length - 1)), []);
            case 1 when leading:
                return Shaped(LikeShape.Suffix, [], Literal(tokens.AsSpan(1)));
            case 1:
                {
                    int star = Array.IndexOf(tokens, WildcardMatcher.AnySequence);
                    return Shaped(LikeShape.PrefixSuffix, Literal(tokens.AsSpan(0, star)), Literal(tokens.AsSpan(star + 1)));
                }

            case 2 when leading && trailing:
                return Shaped(LikeShape.Contains, Literal(tokens.AsSpan(1, tokens.Length - 2)), []);
            default:
                return General();
        }

        LikePattern Shaped(LikeShape shape, byte[] head, byte[] tail) => new(pattern, escape, shape, head, tail, tokens);

        LikePattern General() => new(pattern, escape, LikeShape.General, [], [], tokens);
    }

    /// <summary>Appends the UTF-8 bytes of the character at <paramref name="index"/> (one char, or a surrogate pair) as literal tokens.</summary>
    private static void AddLiteral(List<int> tokens, string pattern, int index, int width)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int written;
        try
        {
            written = StrictUtf8.GetBytes(pattern.AsSpan(index, width), utf8);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException(
                $"The LIKE pattern '{pattern}' has an unpaired surrogate U+{(int)pattern[index]:X4} at position {index + 1}; patterns must be valid Unicode text.",
                nameof(pattern));
        }

        foreach (byte b in utf8[..written])
        {
            tokens.Add(b);
        }
    }

    private static byte[] Literal(ReadOnlySpan<int> tokens)
    {
        byte[] bytes = new byte[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            bytes[i] = (byte)tokens[i];
        }

        return bytes;
    }

    private static ArgumentException InvalidEscape(string pattern, char escape, int index, string problem) => new(
        $"Invalid escape in the LIKE pattern '{pattern}' at position {index + 1}: the escape character '{escape}' must be followed by '%', '_' or '{escape}', but {problem}.",
        nameof(pattern));
}
