using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Strings;

public sealed class ConcatTests : StringKernelTest
{
    [Fact]
    public void Concat_of_one_to_four_arguments_is_null_if_any_is_null() => ForEachBatch((rng, rows, column, context) =>
    {
        // Two argument counts per batch; over 516 batches every count 1..4 meets every length shape many times.
        foreach (int arguments in (int[])[1 + rng.Next(2), 3 + rng.Next(2)])
        {
            // The first argument is the batch's column; the others are fresh, each with or without NULLs.
            var values = new List<string?[]> { rows };
            var columns = new List<ColumnVector> { column };
            try
            {
                for (int k = 1; k < arguments; k++)
                {
                    string?[] more = StringTestData.RandomRows(rng, rows.Length, nulls: rng.Next(2) == 0);
                    values.Add(more);
                    columns.Add(ColumnFactory.FromStrings(more, Pool));
                }

                using ColumnVector result = StringKernels.Concat(columns, Pool);
                object?[] actual = ColumnFactory.ToObjects(result);
                for (int i = 0; i < rows.Length; i++)
                {
                    string? expected = values.Any(v => v[i] is null) ? null : string.Concat(values.Select(v => v[i]));
                    if (!Equals(expected, actual[i]))
                    {
                        Assert.Fail($"{context} CONCAT of {arguments}: row {i} gave {StringTestData.Show(actual[i])}, expected {StringTestData.Show(expected)}.");
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
        }
    });

    [Fact]
    public void Concat_examples()
    {
        using ColumnVector a = ColumnFactory.FromStrings(["a", "", null, "😀"], Pool);
        using ColumnVector b = ColumnFactory.FromStrings(["b", "", "x", "中"], Pool);
        using ColumnVector result = StringKernels.Concat([a, b, a], Pool);
        Assert.Equal(new object?[] { "aba", "", null, "😀中😀" }, ColumnFactory.ToObjects(result));
    }

    [Fact]
    public void Concat_checks_its_arguments()
    {
        using ColumnVector a = ColumnFactory.FromStrings(["a"], Pool);
        using ColumnVector b = ColumnFactory.FromStrings(["a", "b"], Pool);
        Assert.Throws<ArgumentException>(() => StringKernels.Concat([], Pool));
        ArgumentException error = Assert.Throws<ArgumentException>(() => StringKernels.Concat([a, b], Pool));
        Assert.Contains("same number of rows", error.Message);
    }
}
