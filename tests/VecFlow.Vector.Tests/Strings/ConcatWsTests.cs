using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Strings;

public sealed class ConcatWsTests : StringKernelTest
{
    [Fact]
    public void ConcatWs_skips_null_arguments_and_is_null_for_a_null_separator() => ForEachBatch((rng, rows, column, context) =>
    {
        int arguments = 1 + rng.Next(4);
        string?[] separators = StringTestData.RandomRows(rng, rows.Length, nulls: rng.Next(2) == 0);
        var values = new List<string?[]> { rows };
        var columns = new List<ColumnVector> { column };
        using ColumnVector separator = ColumnFactory.FromStrings(separators, Pool);
        try
        {
            for (int k = 1; k < arguments; k++)
            {
                string?[] more = StringTestData.RandomRows(rng, rows.Length, nulls: rng.Next(2) == 0);
                values.Add(more);
                columns.Add(ColumnFactory.FromStrings(more, Pool));
            }

            using ColumnVector result = SeparatedConcat.ConcatWs(separator, columns, Pool);
            object?[] actual = ColumnFactory.ToObjects(result);
            for (int i = 0; i < rows.Length; i++)
            {
                string? expected = separators[i] is null ? null : string.Join(separators[i], values.Select(v => v[i]).Where(v => v is not null));
                if (!Equals(expected, actual[i]))
                {
                    Assert.Fail($"{context} CONCAT_WS of {arguments}: row {i} gave {StringTestData.Show(actual[i])}, expected {StringTestData.Show(expected)}.");
                }
            }
        }
        finally
        {
            foreach (ColumnVector extra in columns.Skip(1))
            {
                extra.Dispose();
            }
        }
    });

    [Fact]
    public void ConcatWs_examples()
    {
        using ColumnVector sep = ColumnFactory.FromStrings([",", null, "😀", "", "-"], Pool);
        using ColumnVector a = ColumnFactory.FromStrings(["a", "b", null, "x", null], Pool);
        using ColumnVector b = ColumnFactory.FromStrings(["b", "c", "中", "y", null], Pool);
        using ColumnVector result = SeparatedConcat.ConcatWs(sep, [a, b, a], Pool);
        Assert.Equal(new object?[] { "a,b,a", null, "中", "xyx", "" }, ColumnFactory.ToObjects(result));
    }

    [Fact]
    public void ConcatWs_checks_row_counts()
    {
        using ColumnVector sep = ColumnFactory.FromStrings(["a"], Pool);
        using ColumnVector b = ColumnFactory.FromStrings(["a", "b"], Pool);
        ArgumentException error = Assert.Throws<ArgumentException>(() => SeparatedConcat.ConcatWs(sep, [b], Pool));
        Assert.Contains("same number of rows", error.Message);
    }
}
