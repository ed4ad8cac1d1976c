using System.Text;
using System.Text.RegularExpressions;

namespace VecFlow.Vector.Kernels;

/// <summary>Compiles a Java (java.util.regex) pattern and replacement for .NET, translating what differs and matters.</summary>
/// <remarks>
/// Translated: <c>\Q...\E</c> quoting (absent from .NET) and Java replacement strings (<c>$n</c> group references,
/// <c>\$</c> and <c>\\</c> escapes; a literal <c>$</c> must be written <c>\$</c> as in Java). The same in both: character
/// classes, quantifiers, groups, named groups <c>(?&lt;name&gt;...)</c>, lookaround, anchors, <c>(?i)</c> flags.
/// Not supported by .NET and so an error: possessive quantifiers (<c>a*+</c>; write an atomic group <c>(?&gt;a*)</c>),
/// Java-only classes such as <c>\p{javaLowerCase}</c> and <c>\p{Alpha}</c> (use <c>\p{Ll}</c>, <c>[a-zA-Z]</c>).
/// Matching is culture-invariant; <c>.</c> does not match a line terminator, as in Java.
/// </remarks>
public static class JavaRegex
{
    /// <summary>A compiled pattern; an <see cref="ArgumentException"/> naming the pattern when it is not valid.</summary>
    public static Regex Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return new Regex(TranslateQuoting(pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"'{pattern}' is not a valid regular expression: {error.Message}", nameof(pattern), error);
        }
    }

    /// <summary>The .NET form of a Java replacement string: <c>$1</c> becomes <c>${1}</c>, <c>\x</c> the literal x.</summary>
    public static string TranslateReplacement(string replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var text = new StringBuilder(replacement.Length + 8);
        for (int i = 0; i < replacement.Length; i++)
        {
            char c = replacement[i];
            if (c == '\\' && i + 1 < replacement.Length)
            {
                char next = replacement[++i];
                text.Append(next == '$' ? "$$" : next.ToString());
            }
            else if (c == '$' && i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
            {
                int start = ++i;
                while (i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
                {
                    i++;
                }

                text.Append("${").Append(replacement, start, i - start + 1).Append('}');
            }
            else if (c == '$' && i + 1 < replacement.Length && replacement[i + 1] == '{')
            {
                int end = replacement.IndexOf('}', i);
                if (end < 0)
                {
                    throw new ArgumentException($"'{replacement}' has an unclosed group reference ${{name}}.", nameof(replacement));
                }

                text.Append(replacement, i, end - i + 1);
                i = end;
            }
            else if (c == '$')
            {
                throw new ArgumentException($"'{replacement}' has a '$' that is not a group reference; write \\$ for a literal dollar sign.", nameof(replacement));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string TranslateQuoting(string pattern)
    {
        int quote = pattern.IndexOf("\\Q", StringComparison.Ordinal);
        if (quote < 0)
        {
            return pattern;
        }

        var text = new StringBuilder(pattern.Length + 16);
        int at = 0;
        while (quote >= 0)
        {
            // An escaped backslash before \Q (\\Q) is a literal backslash and a Q, not a quote.
            int backslashes = 0;
            for (int k = quote - 1; k >= at && pattern[k] == '\\'; k--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                text.Append(pattern, at, quote + 2 - at);
                at = quote + 2;
                quote = pattern.IndexOf("\\Q", at, StringComparison.Ordinal);
                continue;
            }

            text.Append(pattern, at, quote - at);
            int end = pattern.IndexOf("\\E", quote + 2, StringComparison.Ordinal);
            string quoted = end < 0 ? pattern[(quote + 2)..] : pattern[(quote + 2)..end];
            text.Append(Regex.Escape(quoted));
            at = end < 0 ? pattern.Length : end + 2;
            quote = end < 0 ? -1 : pattern.IndexOf("\\Q", at, StringComparison.Ordinal);
        }

        text.Append(pattern, at, pattern.Length - at);
        return text.ToString();
    }
}
