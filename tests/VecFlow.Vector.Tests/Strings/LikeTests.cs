using System.Text;
using System.Text.RegularExpressions;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Strings;

public sealed class LikeTests : StringKernelTest
{
    /// <summary>Patterns covering every shape, run on every batch length.</summary>
    private static readonly string[] ShapePatterns = ["a%", "%a", "%é%", "a%b", "ab", "%a_b%", "_%", "%", "", "%😀%a%", "a\\%%", "%b_"];

    private static readonly Dictionary<string, Regex> References = ShapePatterns.ToDictionary(p => p, p => Reference(p, '\\'));

    public static TheoryData<string, char?, string, bool> TrickyCases => new()
    {
        { "%", null, "", true },
        { "%", null, "abc", true },
        { "%%", null, "", true },
        { "%%", null, "x", true },
        { "", null, "", true },
        { "", null, "a", false },
        { "_", null, "", false },
        { "_", null, "a", true },
        { "_", null, "é", true },
        { "_", null, "中", true },
        { "_", null, "😀", true },
        { "__", null, "😀", false },
        { "_", null, "ab", false },
        { "a_c", null, "abc", true },
        { "a_c", null, "aéc", true },
        { "a_c", null, "a😀c", true },
        { "a_c", null, "ac", false },
        { "a_c", null, "abbc", false },
        { "caf_", null, "café", true },
        { "caf__", null, "café", false },
        { "%é%", null, "café au lait", true },
        { "%é%", null, "cafe", false },
        { "10\\%", '\\', "10%", true },
        { "10\\%", '\\', "10", false },
        { "10\\%", '\\', "100", false },
        { "10\\%", '\\', "10%x", false },
        { "%\\_%", '\\', "a_b", true },
        { "%\\_%", '\\', "ab", false },
        { "a\\\\b", '\\', "a\\b", true },
        { "a\\\\b", '\\', "ab", false },
        { "10!%", '!', "10%", true },
        { "aé%", 'é', "a%", true },
        { "aé%", 'é', "aé%", false },
        { "aéé", 'é', "aé", true },
        { "abc", null, "ab", false },
        { "abcd%", null, "abc", false },
        { "%abcd", null, "bcd", false },
        { "%a%b%c%", null, "xaybzc", true },
        { "%a%b%c%", null, "abc", true },
        { "%a%b%c%", null, "cba", false },
        { "%a%b%c%", null, "ab", false },
        { "a%b", null, "ab", true },
        { "a%b", null, "axxb", true },
        { "a%b", null, "a", false },
        { "a%a", null, "a", false },
        { "a%a", null, "aa", true },
        { "_%_", null, "a", false },
        { "_%_", null, "ab", true },
        { "%_%", null, "", false },
        { "ABC", null, "abc", false },
        { "a%", null, "A", false },
        { "%😀", null, "x😀", true },
        { "😀_", null, "😀😀", true },
        { "%ab%ab", null, "ababab", true },
        { "%aab", null, "aaab", true },
        { "%aab", null, "aaba", false },
        { "a%ba%bc", null, "abababc", true },
        { "%a_", null, "aaa", true },
        { "%a_", null, "aa😀", true },
        { "%a_", null, "a😀a", false },
        { "%_a", null, "😀a", true },
        { "a\nb", null, "a\nb", true },
        { "a_b", null, "a\nb", true },
    };

    [Theory]
    [MemberData(nameof(TrickyCases))]
    public void Tricky_patterns(string pattern, char? escape, string input, bool expected)
    {
        LikePattern compiled = LikePattern.Compile(pattern, escape);
        Assert.Equal(expected, compiled.Matches(Encoding.UTF8.GetBytes(input)));
        Assert.Equal(expected, Reference(pattern, escape).IsMatch(input));
        using ColumnVector column = ColumnFactory.FromStrings([input, null], Pool);
        using ColumnVector result = StringKernels.Like(column, pattern, escape, Pool);
        Assert.Equal(new object?[] { expected, null }, ColumnFactory.ToObjects(result));
        StringTestData.AssertCanonical(result, pattern);
    }

    [Theory]
    [InlineData("abc", LikeShape.Exact)]
    [InlineData("", LikeShape.Exact)]
    [InlineData("10\\%", LikeShape.Exact)]
    [InlineData("abc%", LikeShape.Prefix)]
    [InlineData("abc%%", LikeShape.Prefix)]
    [InlineData("%abc", LikeShape.Suffix)]
    [InlineData("%abc%", LikeShape.Contains)]
    [InlineData("%", LikeShape.Contains)]
    [InlineData("%%%", LikeShape.Contains)]
    [InlineData("a%b", LikeShape.PrefixSuffix)]
    [InlineData("a%%b", LikeShape.PrefixSuffix)]
    [InlineData("a_c", LikeShape.General)]
    [InlineData("_", LikeShape.General)]
    [InlineData("%a%b%", LikeShape.General)]
    [InlineData("a%b%c", LikeShape.General)]
    [InlineData("%a%b", LikeShape.General)]
    public void Patterns_compile_to_their_fast_shape(string pattern, LikeShape shape)
    {
        LikePattern compiled = LikePattern.Compile(pattern, '\\');
        Assert.Equal(shape, compiled.Shape);
    }

    [Theory]
    [InlineData("abc\\", 4, "ends")]
    [InlineData("\\a", 1, "followed by 'a'")]
    [InlineData("ab\\c%", 3, "followed by 'c'")]
    public void Misused_escape_names_the_position_and_what_is_valid(string pattern, int position, string problem)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => LikePattern.Compile(pattern, '\\'));
        Assert.Contains($"position {position}", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("'%', '_' or '\\'", error.Message);
        using ColumnVector column = ColumnFactory.FromStrings(["a"], Pool);
        Assert.Throws<ArgumentException>(() => StringKernels.Like(column, pattern, '\\', Pool));
    }

    [Fact]
    public void Every_shape_on_every_length_matches_the_regex_reference() => ForEachBatch((rng, rows, column, context) =>
    {
        // Four of the patterns per batch; over 516 batches each one runs on many lengths.
        for (int k = 0; k < 4; k++)
        {
            string pattern = ShapePatterns[rng.Next(ShapePatterns.Length)];
            Regex reference = References[pattern];
            using ColumnVector result = StringKernels.Like(column, pattern, '\\', Pool);
            StringTestData.AssertRows(rows, result, s => reference.IsMatch(s), $"{context} LIKE '{pattern}'");
            CheckFilter(rng, rows, column, LikePattern.Compile(pattern, '\\'), reference, context);
        }
    });

    [Fact]
    public void Random_patterns_match_the_regex_reference()
    {
        string[] patternPieces = ["a", "b", "é", "😀", "%", "_", "%", "_", "\\%", "\\_", "\\\\"];
        string[] textPieces = ["a", "b", "é", "😀", "%", "_", "\\"];
        var rng = new Random(42);
        for (int round = 0; round < 400; round++)
        {
            var pattern = new StringBuilder();
            int pieces = rng.Next(0, 9);
            for (int i = 0; i < pieces; i++)
            {
                pattern.Append(patternPieces[rng.Next(patternPieces.Length)]);
            }

            string text = pattern.ToString();
            Regex reference = Reference(text, '\\');
            LikePattern compiled = LikePattern.Compile(text, '\\');
            string?[] rows = StringTestData.RandomRows(rng, 64, nulls: true, r => RandomText(r, textPieces));
            using ColumnVector column = ColumnFactory.FromStrings(rows, Pool);
            using ColumnVector result = StringKernels.Like(column, compiled, Pool);
            StringTestData.AssertRows(rows, result, s => reference.IsMatch(s), $"LIKE '{text}' ({compiled.Shape})");
            CheckFilter(rng, rows, column, compiled, reference, $"LIKE '{text}'");
        }
    }

    [Fact]
    public void Null_pattern_is_null_and_filters_everything_out()
    {
        using ColumnVector column = ColumnFactory.FromStrings(["a", null], Pool);
        using ColumnVector result = StringKernels.Like(column, null!, null, Pool);
        Assert.Equal(new object?[] { null, null }, ColumnFactory.ToObjects(result));
        ulong[] selection = [0b11];
        StringKernels.FilterLike(column, null!, null, selection);
        Assert.Equal(0UL, selection[0]);
    }

    [Fact]
    public void Pathological_pattern_runs_in_polynomial_time()
    {
        // Exponential backtracking would take ages on this; the two-pointer matcher is O(bytes x tokens).
        string input = new string('a', 5000);
        LikePattern pattern = LikePattern.Compile("%a%a%a%a%a%a%a%a%a%a%b", null);
        Assert.False(pattern.Matches(Encoding.UTF8.GetBytes(input)));
        Assert.True(LikePattern.Compile("%a%a%a%a%a%a%a%a%a%a%", null).Matches(Encoding.UTF8.GetBytes(input)));
    }

    /// <summary>FilterLike on a random partial selection: keeps exactly the selected rows that are non-null and match.</summary>
    private static void CheckFilter(Random rng, string?[] rows, ColumnVector column, LikePattern pattern, Regex reference, string context)
    {
        int n = rows.Length;
        ulong[] selection = new ulong[Bits.WordCount(n)];
        bool[] selected = new bool[n];
        for (int i = 0; i < n; i++)
        {
            selected[i] = rng.Next(3) != 0;
            if (selected[i])
            {
                Bits.Set(selection, i);
            }
        }

        StringKernels.FilterLike(column, pattern, selection);
        for (int i = 0; i < n; i++)
        {
            bool expected = selected[i] && rows[i] is not null && reference.IsMatch(rows[i]!);
            if (Bits.Get(selection, i) != expected)
            {
                Assert.Fail($"{context} FilterLike '{pattern.Pattern}': row {i} {StringTestData.Show(rows[i])} selected {selected[i]}, kept {!expected}.");
            }
        }
    }

    private static string RandomText(Random rng, string[] pieces)
    {
        var text = new StringBuilder();
        int length = rng.Next(0, 11);
        for (int i = 0; i < length; i++)
        {
            text.Append(pieces[rng.Next(pieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>
    /// The pattern as an anchored .NET regex over code points: '_' is one whole surrogate pair or one non-surrogate
    /// char, so that it never matches half of a 4-byte character.
    /// </summary>
    private static Regex Reference(string pattern, char? escape)
    {
        const string OneCodePoint = "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\uD800-\\uDFFF])";
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == escape)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(OneCodePoint).Append('*');
            }
            else if (c == '_')
            {
                regex.Append(OneCodePoint);
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append("\\z").ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
