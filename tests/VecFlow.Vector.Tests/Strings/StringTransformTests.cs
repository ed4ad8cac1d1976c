using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Strings;

public sealed class StringTransformTests : StringKernelTest
{
    private static readonly string[] TrimSets = [" ", "ab", "é😀", "", " a中", "_%Σ"];

    [Fact]
    public void Upper_matches_invariant_ToUpper() => ForEachBatch(
        (_, rows, column, context) =>
        {
            using ColumnVector result = StringKernels.Upper(column, Pool);
            StringTestData.AssertRows(rows, result, s => s.ToUpperInvariant(), context);
        },
        MixedCaseText);

    [Fact]
    public void Lower_matches_invariant_ToLower() => ForEachBatch(
        (_, rows, column, context) =>
        {
            using ColumnVector result = StringKernels.Lower(column, Pool);
            StringTestData.AssertRows(rows, result, s => s.ToLowerInvariant(), context);
        },
        MixedCaseText);

    [Fact]
    public void Case_mapping_of_long_and_length_changing_rows()
    {
        string longMixed = string.Concat(Enumerable.Repeat("abcÉtéΣσς𐐨Ɐɐ", 100));
        string?[] rows = [longMixed, "ɐ", "ı", "ſ", "K", "İ", "ǅ", "ß", null, "plain ascii", ""];
        using ColumnVector column = ColumnFactory.FromStrings(rows, Pool);
        using ColumnVector upper = StringKernels.Upper(column, Pool);
        StringTestData.AssertRows(rows, upper, s => s.ToUpperInvariant(), "UPPER");
        using ColumnVector lower = StringKernels.Lower(column, Pool);
        StringTestData.AssertRows(rows, lower, s => s.ToLowerInvariant(), "LOWER");
    }

    [Fact]
    public void Substring_matches_flink_reference() => ForEachBatch((rng, rows, column, context) =>
    {
        for (int k = 0; k < 3; k++)
        {
            long start = rng.Next(-15, 16);
            long? length = rng.Next(4) == 0 ? null : rng.Next(0, 16);
            using ColumnVector result = StringKernels.Substring(column, start, length, Pool);
            StringTestData.AssertRows(rows, result, s => ReferenceSubstring(s, start, length), $"{context} SUBSTRING(s, {start}, {length})");
        }
    });

    [Theory]
    [InlineData("hello", 1, 2L, "he")]
    [InlineData("hello", 0, 2L, "he")]
    [InlineData("hello", 0, null, "hello")]
    [InlineData("hello", -3, 2L, "ll")]
    [InlineData("hello", -3, null, "llo")]
    [InlineData("hello", -5, null, "hello")]
    [InlineData("hello", -6, null, "")]
    [InlineData("hello", -6, 3L, "")]
    [InlineData("hello", 5, 10L, "o")]
    [InlineData("hello", 6, null, "")]
    [InlineData("hello", 2, 0L, "")]
    [InlineData("", 1, 1L, "")]
    [InlineData("", 0, null, "")]
    [InlineData("", -1, null, "")]
    [InlineData("héllo😀", 2, 3L, "éll")]
    [InlineData("héllo😀", 6, 1L, "😀")]
    [InlineData("😀😀中", -1, null, "中")]
    [InlineData("😀😀中", -3, 2L, "😀😀")]
    [InlineData("aé😀", long.MaxValue, null, "")]
    [InlineData("aé😀", long.MinValue, null, "")]
    [InlineData("aé😀", 2, long.MaxValue, "é😀")]
    [InlineData("aé😀", -2, long.MaxValue, "é😀")]
    public void Substring_edge_cases(string value, long start, long? length, string expected)
    {
        using ColumnVector column = ColumnFactory.FromStrings([value, null], Pool);
        using ColumnVector result = StringKernels.Substring(column, start, length, Pool);
        Assert.Equal(new object?[] { expected, null }, ColumnFactory.ToObjects(result));
        Assert.Equal(expected, ReferenceSubstring(value, start, length));
    }

    [Fact]
    public void Substring_with_negative_length_is_an_error_on_the_first_non_null_row()
    {
        using ColumnVector column = ColumnFactory.FromStrings([null, null, "abc"], Pool);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => StringKernels.Substring(column, 1, -1, Pool));
        Assert.Equal(SqlErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(2, error.Row);
        Assert.Contains("-1", error.Message);

        using ColumnVector nulls = ColumnFactory.FromStrings([null, null], Pool);
        using ColumnVector result = StringKernels.Substring(nulls, 1, -1, Pool);
        Assert.Equal(new object?[] { null, null }, ColumnFactory.ToObjects(result));
    }

    [Fact]
    public void Trim_matches_reference_for_every_mode_and_character_set() => ForEachBatch((rng, rows, column, context) =>
    {
        // Three of the 18 mode x set combinations per batch; over 516 batches each one runs on many lengths.
        for (int k = 0; k < 3; k++)
        {
            string characters = TrimSets[rng.Next(TrimSets.Length)];
            var mode = (TrimMode)rng.Next(3);
            var set = new HashSet<string>(StringTestData.Runes(characters));
            using ColumnVector result = StringKernels.Trim(column, mode, characters, Pool);
            StringTestData.AssertRows(rows, result, s => ReferenceTrim(s, mode, set), $"{context} TRIM({mode} '{characters}')");
        }
    });

    [Fact]
    public void Trim_defaults_to_blanks_and_keeps_inner_characters()
    {
        using ColumnVector column = ColumnFactory.FromStrings(["  a b  ", "   ", "", null, "\ta "], Pool);
        using ColumnVector both = StringKernels.Trim(column, TrimMode.Both, Pool);
        Assert.Equal(new object?[] { "a b", "", "", null, "\ta" }, ColumnFactory.ToObjects(both));
        using ColumnVector leading = StringKernels.Trim(column, TrimMode.Leading, Pool);
        Assert.Equal(new object?[] { "a b  ", "", "", null, "\ta " }, ColumnFactory.ToObjects(leading));
        using ColumnVector trailing = StringKernels.Trim(column, TrimMode.Trailing, "b ", Pool);
        Assert.Equal(new object?[] { "  a", "", "", null, "\ta" }, ColumnFactory.ToObjects(trailing));
    }

    [Fact]
    public void Replace_matches_ordinal_string_replace() => ForEachBatch((rng, rows, column, context) =>
    {
        (string Search, string Replacement)[] cases =
        [
            ("a", "xyz"), ("ab", ""), ("é", "e"), ("😀", "!!"), ("a", "a"), (" ", "中中中"), (StringTestData.PieceOf(rng, rows), "<>"),
        ];
        // Three of the cases per batch, the search taken from the batch's own rows among them.
        foreach ((string search, string replacement) in (ValueTuple<string, string>[])[cases[rng.Next(3)], cases[3 + rng.Next(3)], cases[6]])
        {
            using ColumnVector result = StringKernels.Replace(column, search, replacement, Pool);
            StringTestData.AssertRows(
                rows, result, s => s.Replace(search, replacement, StringComparison.Ordinal), $"{context} REPLACE('{search}', '{replacement}')");
        }
    });

    [Fact]
    public void Replace_examples_and_empty_search()
    {
        using ColumnVector column = ColumnFactory.FromStrings(["aaa", "abab", null, ""], Pool);
        using ColumnVector pairs = StringKernels.Replace(column, "aa", "b", Pool);
        Assert.Equal(new object?[] { "ba", "abab", null, "" }, ColumnFactory.ToObjects(pairs));
        using ColumnVector unchanged = StringKernels.Replace(column, "", "x", Pool);
        Assert.Equal(new object?[] { "aaa", "abab", null, "" }, ColumnFactory.ToObjects(unchanged));
    }

    private static string MixedCaseText(Random rng) => rng.Next(3) switch
    {
        0 => StringTestData.RandomString(rng, StringTestData.AsciiAlphabet),
        1 => StringTestData.RandomString(rng, StringTestData.UnicodeAlphabet),
        _ => StringTestData.RandomCasedString(rng),
    };

    /// <summary>Flink's SUBSTRING on code points: start 0 is 1, a negative start counts from the end.</summary>
    private static string ReferenceSubstring(string s, long start, long? length)
    {
        string[] cps = StringTestData.Runes(s);
        long n = cps.Length;
        long begin;
        if (start > 0)
        {
            begin = start - 1;
            if (begin >= n)
            {
                return "";
            }
        }
        else if (start < 0)
        {
            begin = n + start;
            if (begin < 0)
            {
                return "";
            }
        }
        else
        {
            begin = 0;
        }

        long end = length is null || n - begin < length ? n : begin + length.Value;
        return string.Concat(cps[(int)begin..(int)end]);
    }

    private static string ReferenceTrim(string s, TrimMode mode, HashSet<string> set)
    {
        List<string> cps = [.. StringTestData.Runes(s)];
        if (mode != TrimMode.Trailing)
        {
            while (cps.Count > 0 && set.Contains(cps[0]))
            {
                cps.RemoveAt(0);
            }
        }

        if (mode != TrimMode.Leading)
        {
            while (cps.Count > 0 && set.Contains(cps[^1]))
            {
                cps.RemoveAt(cps.Count - 1);
            }
        }

        return string.Concat(cps);
    }
}
