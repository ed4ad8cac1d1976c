using System.Text;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Hive-style partition directory names (<c>key=value</c>), escaped as Flink and Hive escape them.</summary>
/// <remarks>Characters that are unsafe in a path (/, =, :, %, ...) become %XX; NULL and the empty string are the default partition name.</remarks>
public static class HivePartitionPath
{
    /// <summary>True for characters Hive's FileUtils.escapePathName escapes.</summary>
    public static bool NeedsEscape(char c) => c < ' ' || c == 0x7F || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';

    /// <summary>Appends <paramref name="value"/>, escaped, to <paramref name="destination"/>; returns the chars written.</summary>
    public static int Escape(ReadOnlySpan<char> value, Span<char> destination)
    {
        int n = 0;
        foreach (char c in value)
        {
            if (NeedsEscape(c))
            {
                destination[n++] = '%';
                destination[n++] = HexDigit(c >> 4);
                destination[n++] = HexDigit(c & 0xF);
            }
            else
            {
                destination[n++] = c;
            }
        }

        return n;
    }

    public static string Escape(string value)
    {
        var chars = new char[value.Length * 3];
        return new string(chars, 0, Escape(value, chars));
    }

    public static string Unescape(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                result.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
