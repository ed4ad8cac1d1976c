using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Kernels;

/// <summary>Matches UTF-8 bytes against a tokenized LIKE pattern in O(bytes x tokens) at worst, never exponentially.</summary>
/// <remarks>
/// Tokens are literal bytes (0..255), <see cref="AnyCharacter"/> ('_': exactly one code point) and
/// <see cref="AnySequence"/> ('%'). The matcher is the classic greedy two-pointer wildcard match: it remembers only the
/// last '%' and, on a mismatch, lets that '%' absorb one more code point and retries from there. Remembering the last
/// '%' is enough because everything before it has already matched as early as possible. When the '%' is followed by a
/// literal byte, the retry jumps straight to that byte's next occurrence (a vectorized search) instead of stepping
/// one code point at a time.
/// </remarks>
[SkipLocalsInit]
internal static class WildcardMatcher
{
    public const int AnyCharacter = -1;
    public const int AnySequence = -2;

    public static bool Matches(ReadOnlySpan<int> tokens, ReadOnlySpan<byte> value)
    {
        int m = tokens.Length;
        int n = value.Length;
        int p = 0;
        int s = 0;
        int starToken = -1;
        int starStart = 0;
        while (s < n)
        {
            if (p < m)
            {
                int token = tokens[p];
                if (token == AnySequence)
                {
                    starToken = p++;
                    starStart = s;
                    continue;
                }

                if (token == AnyCharacter)
                {
                    s = Utf8Text.NextCodePoint(value, s);
                    p++;
                    continue;
                }

                if (value[s] == token)
                {
                    s++;
                    p++;
                    continue;
                }
            }

            if (starToken < 0)
            {
                return false;
            }

            // The last '%' absorbs one more code point; the tokens after it are retried from there.
            starStart = Utf8Text.NextCodePoint(value, starStart);
            if (starStart < n && starToken + 1 < m && tokens[starToken + 1] >= 0)
            {
                int next = value[starStart..].IndexOf((byte)tokens[starToken + 1]);
                if (next < 0)
                {
                    return false;
                }

                starStart += next;
            }

            s = starStart;
            p = starToken + 1;
        }

        while (p < m && tokens[p] == AnySequence)
        {
            p++;
        }

        return p == m;
    }
}
