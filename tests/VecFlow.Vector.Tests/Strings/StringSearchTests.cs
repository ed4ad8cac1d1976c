using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Strings;

public sealed class StringSearchTests : StringKernelTest
{
    private static readonly string[] FixedNeedles = ["", "a", "ab", "é", "中€", "😀", "b😀", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"];

    [Fact]
    public void StartsWith_matches_ordinal_string_reference() => ForEachBatch((rng, rows, column, context) =>
    {
        foreach (string needle in Needles(rng, rows))
        {
            using ColumnVector result = StringKernels.StartsWith(column, needle, Pool);
            StringTestData.AssertRows(rows, result, s => s.StartsWith(needle, StringComparison.Ordinal), $"{context} '{needle}'");
        }
    });

    [Fact]
    public void EndsWith_matches_ordinal_string_reference() => ForEachBatch((rng, rows, column, context) =>
    {
        foreach (string needle in Needles(rng, rows))
        {
            using ColumnVector result = StringKernels.EndsWith(column, needle, Pool);
            StringTestData.AssertRows(rows, result, s => s.EndsWith(needle, StringComparison.Ordinal), $"{context} '{needle}'");
        }
    });

    [Fact]
    public void Contains_matches_ordinal_string_reference() => ForEachBatch((rng, rows, column, context) =>
    {
        foreach (string needle in Needles(rng, rows))
        {
            using ColumnVector result = StringKernels.Contains(column, needle, Pool);
            StringTestData.AssertRows(rows, result, s => s.Contains(needle, StringComparison.Ordinal), $"{context} '{needle}'");
        }
    });

    [Fact]
    public void Position_counts_code_points_from_one() => ForEachBatch((rng, rows, column, context) =>
    {
        foreach (string needle in Needles(rng, rows))
        {
            using ColumnVector result = StringKernels.Position(column, needle, Pool);
            Assert.Equal(SqlTypeKind.Int, result.Type.Kind);
            StringTestData.AssertRows(rows, result, s => ReferencePosition(s, needle), $"{context} '{needle}'");
        }
    });

    [Fact]
    public void CharLength_counts_code_points() => ForEachBatch((_, rows, column, context) =>
    {
        using ColumnVector result = StringKernels.CharLength(column, Pool);
        Assert.Equal(SqlTypeKind.Int, result.Type.Kind);
        StringTestData.AssertRows(rows, result, s => s.EnumerateRunes().Count(), context);
    });

    [Fact]
    public void CharLength_of_long_rows_and_rows_spanning_many_words()
    {
        string?[] rows =
        [
            new string('a', 1000),
            string.Concat(Enumerable.Repeat("é中😀a", 300)),
            "",
            null,
            string.Concat(Enumerable.Repeat("😀", 65)),
            "x",
        ];
        using ColumnVector column = ColumnFactory.FromStrings(rows, Pool);
        using ColumnVector result = StringKernels.CharLength(column, Pool);
        Assert.Equal(new object?[] { 1000, 1200, 0, null, 65, 1 }, ColumnFactory.ToObjects(result));
    }

    [Fact]
    public void Position_examples()
    {
        using ColumnVector column = ColumnFactory.FromStrings(["héllo wörld", "", "😀😀b", null, "aaa"], Pool);
        using ColumnVector world = StringKernels.Position(column, "wörld", Pool);
        Assert.Equal(new object?[] { 7, 0, 0, null, 0 }, ColumnFactory.ToObjects(world));
        using ColumnVector b = StringKernels.Position(column, "b", Pool);
        Assert.Equal(new object?[] { 0, 0, 3, null, 0 }, ColumnFactory.ToObjects(b));
        using ColumnVector empty = StringKernels.Position(column, "", Pool);
        Assert.Equal(new object?[] { 1, 1, 1, null, 1 }, ColumnFactory.ToObjects(empty));
    }

    [Fact]
    public void Null_constant_argument_gives_all_null()
    {
        using ColumnVector column = ColumnFactory.FromStrings(["a", null, "b"], Pool);
        using ColumnVector starts = StringKernels.StartsWith(column, null!, Pool);
        Assert.Equal(new object?[] { null, null, null }, ColumnFactory.ToObjects(starts));
        using ColumnVector position = StringKernels.Position(column, null!, Pool);
        Assert.Equal(SqlTypeKind.Int, position.Type.Kind);
        Assert.Equal(new object?[] { null, null, null }, ColumnFactory.ToObjects(position));
    }

    [Fact]
    public void Non_string_input_is_rejected()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2], Pool);
        ArgumentException error = Assert.Throws<ArgumentException>(() => StringKernels.Contains(ints, "a", Pool));
        Assert.Contains("STRING", error.Message);
        Assert.Throws<ArgumentException>(() => StringKernels.CharLength(ints, Pool));
        Assert.Throws<ArgumentException>(() => StringKernels.Upper(ints, Pool));
    }

    [Fact]
    public void Foreign_arrow_string_arrays_with_a_nonzero_first_offset_are_read_correctly()
    {
        var array = new Apache.Arrow.StringArray.Builder().Append("skip").Append("héllo").AppendNull().Append("😀x").Build();
        using ColumnVector column = ColumnVector.FromArrow(Apache.Arrow.ArrowArrayFactory.Slice(array, 1, 3), Pool);
        using ColumnVector length = StringKernels.CharLength(column, Pool);
        Assert.Equal(new object?[] { 5, null, 2 }, ColumnFactory.ToObjects(length));
        using ColumnVector upper = StringKernels.Upper(column, Pool);
        Assert.Equal(new object?[] { "HÉLLO", null, "😀X" }, ColumnFactory.ToObjects(upper));
        array.Dispose();
    }

    private static IEnumerable<string> Needles(Random rng, string?[] rows) =>
        [FixedNeedles[rng.Next(FixedNeedles.Length)], StringTestData.PieceOf(rng, rows), ""];

    private static int ReferencePosition(string s, string needle)
    {
        int at = s.IndexOf(needle, StringComparison.Ordinal);
        return at < 0 ? 0 : s[..at].EnumerateRunes().Count() + 1;
    }
}
