using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Strings;

/// <summary>Random string columns and result checks shared by the string kernel tests.</summary>
internal static class StringTestData
{
    /// <summary>Small alphabets so that needles and patterns hit: ASCII, and 2-, 3- and 4-byte code points.</summary>
    public static readonly string[] AsciiAlphabet = ["a", "b", "c", " ", "A", "z", "%", "_"];

    public static readonly string[] UnicodeAlphabet = ["a", "b", " ", "é", "ß", "中", "€", "😀", "𐐨", "İ", "ı", "ſ", "Σ", "ς"];

    /// <summary>Code point ranges with many case pairs (Latin-1, Latin Extended, Greek, Cyrillic, Armenian, Deseret).</summary>
    private static readonly (int From, int To)[] CasedRanges =
    [
        (0x41, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x531, 0x586), (0x1E00, 0x1EFF), (0x2C00, 0x2C7F),
        (0xFF21, 0xFF5A), (0x10400, 0x1044F), (0x20, 0x7E),
    ];

    /// <summary>A random string from <paramref name="alphabet"/>; one in eight is long enough for the vector paths.</summary>
    public static string RandomString(Random rng, string[] alphabet)
    {
        int length = rng.Next(8) == 0 ? rng.Next(30, 90) : rng.Next(0, 13);
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.Append(alphabet[rng.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A random string over ranges full of upper- and lower-case letters.</summary>
    public static string RandomCasedString(Random rng)
    {
        int length = rng.Next(8) == 0 ? rng.Next(30, 90) : rng.Next(0, 13);
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            (int from, int to) = CasedRanges[rng.Next(CasedRanges.Length)];
            text.Append(char.ConvertFromUtf32(rng.Next(from, to + 1)));
        }

        return text.ToString();
    }

    /// <summary>
    /// <paramref name="n"/> rows, each ASCII-only or Unicode at random, with about one NULL in five when asked and
    /// empty strings among them.
    /// </summary>
    public static string?[] RandomRows(Random rng, int n, bool nulls, Func<Random, string>? generate = null)
    {
        generate ??= r => RandomString(r, r.Next(2) == 0 ? AsciiAlphabet : UnicodeAlphabet);
        var rows = new string?[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = nulls && rng.Next(5) == 0 ? null : generate(rng);
        }

        return rows;
    }

    /// <summary>A code-point-aligned piece of a random non-null row, so that searches find something.</summary>
    public static string PieceOf(Random rng, string?[] rows)
    {
        string[] present = [.. rows.Where(r => !string.IsNullOrEmpty(r)).Select(r => r!)];
        if (present.Length == 0)
        {
            return "a";
        }

        string[] runes = Runes(present[rng.Next(present.Length)]);
        int start = rng.Next(runes.Length);
        int length = rng.Next(1, Math.Min(4, runes.Length - start) + 1);
        return string.Concat(runes.AsSpan(start, length));
    }

    /// <summary>The code points of <paramref name="s"/>, each as a string.</summary>
    public static string[] Runes(string s) => [.. s.EnumerateRunes().Select(r => r.ToString())];

    /// <summary>Asserts that <paramref name="result"/> is NULL exactly where the input is and equals the reference elsewhere.</summary>
    public static void AssertRows(string?[] input, ColumnVector result, Func<string, object?> reference, string context)
    {
        Assert.Equal(input.Length, result.Length);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int i = 0; i < input.Length; i++)
        {
            object? expected = input[i] is null ? null : reference(input[i]!);
            if (!Equals(expected, actual[i]))
            {
                Assert.Fail($"{context}, {input.Length} rows: row {i} {Show(input[i])} gave {Show(actual[i])}, expected {Show(expected)}.");
            }
        }

        if (result.Type.Kind == SqlTypeKind.Boolean)
        {
            AssertCanonical(result, context);
        }
    }

    /// <summary>BOOLEAN results keep value bit 0 under NULL rows and zero padding past the last row.</summary>
    public static void AssertCanonical(ColumnVector result, string context)
    {
        ReadOnlySpan<ulong> values = result.BooleanWords;
        for (int i = 0; i < result.Length; i++)
        {
            if (result.IsNull(i) && Bits.Get(values, i))
            {
                Assert.Fail($"{context}: row {i} is NULL but its value bit is set.");
            }
        }

        int words = Bits.WordCount(result.Length);
        if (words > 0 && (values[words - 1] & ~Bits.TailMask(result.Length)) != 0)
        {
            Assert.Fail($"{context}: bits past row {result.Length} are set.");
        }
    }

    public static string Show(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        bool b => b ? "TRUE" : "FALSE",
        _ => value.ToString() ?? "?",
    };
}
