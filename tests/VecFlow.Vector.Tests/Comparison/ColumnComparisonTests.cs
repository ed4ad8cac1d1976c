using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Comparison;

/// <summary>Column-level comparisons and filters for every type, operator, length 0..257 and NULL pattern.</summary>
public sealed class ColumnComparisonTests : PooledTest
{
    public ColumnComparisonTests()
    {
        // Thousands of kernels run per test; a stack trace per rent would dominate. Leaks still fail the test.
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string> Cases() => [.. ComparisonCase.All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Column_column_column_constant_and_filter_match_the_reference(string name)
    {
        ComparisonCase c = ComparisonCase.All[name];
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ 12345);
        for (int n = 0; n <= 257; n++)
        {
            // Null patterns (bit 0: left has NULLs, bit 1: right has): none and both on every length, one-sided on
            // alternate lengths; now and then a left side that is entirely NULL.
            foreach (int mode in new[] { 0, 3, 1 + (n & 1) })
            {
                double nullRate = n % 17 == 5 ? 1.0 : 0.25;
                object?[] left = Values(random, n, c.NextLeft, (mode & 1) != 0 ? nullRate : 0);
                object?[] right = Values(random, n, c.NextRight, (mode & 2) != 0 ? 0.25 : 0);
                using ColumnVector l = ComparisonCase.Column(c.Left, left, Pool);
                using ColumnVector r = ComparisonCase.Column(c.Right, right, Pool);

                // Each row's order (null: unordered, i.e. NaN) once; every operator's answer follows from it.
                int?[] order = new int?[n];
                bool[] isNull = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    isNull[i] = left[i] is null || right[i] is null;
                    order[i] = isNull[i] ? null : c.Order(left[i]!, right[i]!);
                }

                foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
                {
                    using ColumnVector result = ComparisonKernels.Compare(l, op, r, Pool);
                    Verify(result, n, i => isNull[i] ? null : Reference.Holds(op, order[i]), $"{name} n={n} mode={mode} column {op.ToSql()} column");
                }

                // The constant shapes only see the left side's NULLs.
                if (mode is 1 or 2)
                {
                    continue;
                }

                // A constant drawn from the right side's values, or a value of the left column (ties), or NULL.
                object? constant = random.Next(8) switch
                {
                    0 => null,
                    1 when n > 0 && c.Left == c.Right && left[random.Next(n)] is { } v => v,
                    _ => c.NextRight(random),
                };
                var scalar = new ScalarValue(c.Right, constant);
                for (int i = 0; i < n; i++)
                {
                    isNull[i] = left[i] is null || constant is null;
                    order[i] = isNull[i] ? null : c.Order(left[i]!, constant!);
                }

                foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
                {
                    bool? Expected(int i) => isNull[i] ? null : Reference.Holds(op, order[i]);
                    string what = $"{name} n={n} mode={mode} column {op.ToSql()} {scalar}";
                    using (ColumnVector result = ComparisonKernels.Compare(l, op, scalar, Pool))
                    {
                        Verify(result, n, Expected, what);
                    }

                    ulong[] selection = RandomSelection(random, n);
                    ulong[] before = (ulong[])selection.Clone();
                    ComparisonKernels.Filter(l, op, scalar, selection);
                    for (int i = 0; i < n; i++)
                    {
                        bool expected = Bits.Get(before, i) && Expected(i) == true;
                        if (Bits.Get(selection, i) != expected)
                        {
                            Assert.Fail($"{what} filter: row {i} should be {(expected ? "selected" : "deselected")}.");
                        }
                    }

                    Assert.True(selection[^1] == before[^1], $"{what} filter: wrote past the rows.");
                    AssertPaddingClear(selection.AsSpan(0, Bits.WordCount(n)), n, $"{what} filter");
                }
            }
        }
    }

    [Fact]
    public void Filter_only_narrows_an_existing_selection()
    {
        using ColumnVector ints = ColumnFactory.FromNullable(SqlType.Int, new int?[] { 5, 1, null, 7, 3, 9 }, Pool);
        ulong[] selection = [0b110101];
        ComparisonKernels.Filter(ints, ComparisonOp.GreaterOrEqual, ScalarValue.Int(3), selection);
        Assert.Equal(0b110001UL, selection[0]);
        ComparisonKernels.Filter(ints, ComparisonOp.Less, ScalarValue.Null(SqlType.Int), selection);
        Assert.Equal(0UL, selection[0]);
    }

    [Fact]
    public void Untyped_NULL_constant_gives_all_NULL()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2, 3], Pool);
        using ColumnVector result = ComparisonKernels.Compare(ints, ComparisonOp.Equal, ScalarValue.Null(SqlType.Null), Pool);
        Assert.Equal(new object?[] { null, null, null }, ColumnFactory.ToObjects(result));
    }

    [Fact]
    public void Result_padding_stays_zero_past_the_length()
    {
        // 70 rows: the second word has 6 live bits; every op, including the complementing ones, must leave the rest clear.
        int n = 70;
        bool?[] flags = [.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? (bool?)null : i % 2 == 0)];
        using ColumnVector a = ColumnFactory.FromBooleans(flags, Pool);
        using ColumnVector b = ColumnFactory.FromBooleans([.. flags.Reverse()], Pool);
        using ColumnVector d = ColumnFactory.FromValues<double>(SqlType.Double, [.. Enumerable.Range(0, n).Select(i => i % 3 == 0 ? double.NaN : i)], Pool);
        foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
        {
            using ColumnVector bools = ComparisonKernels.Compare(a, op, b, Pool);
            using ColumnVector constant = ComparisonKernels.Compare(a, op, ScalarValue.Boolean(false), Pool);
            using ColumnVector doubles = ComparisonKernels.Compare(d, op, ScalarValue.Double(double.NaN), Pool);
            foreach (ColumnVector result in new[] { bools, constant, doubles })
            {
                Assert.Equal(Bits.WordCount(n), result.BooleanWords.Length);
                AssertPaddingClear(result.BooleanWords, n, $"{op} values");
                AssertPaddingClear(result.Validity, n, $"{op} validity");
            }
        }
    }

    [Fact]
    public void Mismatched_types_name_both_sides()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2], Pool);
        using ColumnVector longs = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2], Pool);
        using ColumnVector ts = ColumnFactory.FromValues<long>(SqlType.Timestamp, [1, 2], Pool);
        using ColumnVector ltz = ColumnFactory.FromValues<long>(SqlType.TimestampLtz, [1, 2], Pool);
        ArgumentException e = Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare(ints, ComparisonOp.Equal, longs, Pool));
        Assert.Contains("INT", e.Message, StringComparison.Ordinal);
        Assert.Contains("BIGINT", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare(ts, ComparisonOp.Less, ltz, Pool));
        Assert.Contains("TIMESTAMP(3)", e.Message, StringComparison.Ordinal);
        Assert.Contains("TIMESTAMP_LTZ(3)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare(ints, ComparisonOp.Less, ScalarValue.String("1"), Pool));
        Assert.Contains("STRING", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Filter(ints, ComparisonOp.Less, ScalarValue.BigInt(1), new ulong[1]));

        // A constant whose value is not the type's physical representation.
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare(ints, ComparisonOp.Less, new ScalarValue(SqlType.Int, 1L), Pool));

        using ColumnVector three = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2, 3], Pool);
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare(ints, ComparisonOp.Equal, three, Pool));
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Filter(three, ComparisonOp.Equal, ScalarValue.Int(1), Span<ulong>.Empty));
    }

    [Fact]
    public void Nullability_of_the_result_follows_the_operands()
    {
        using ColumnVector notNull = ColumnFactory.FromValues<int>(SqlType.Int.WithNullable(false), [1, 2], Pool);
        using ColumnVector result = ComparisonKernels.Compare(notNull, ComparisonOp.Less, new ScalarValue(SqlType.Int.WithNullable(false), 2), Pool);
        Assert.Equal(SqlType.Boolean.WithNullable(false), result.Type);
        Assert.Equal(new object?[] { true, false }, ColumnFactory.ToObjects(result));
        using ColumnVector nullableInts = ColumnFactory.FromValues<int>(SqlType.Int, [2, 1], Pool);
        using ColumnVector nullable = ComparisonKernels.Compare(notNull, ComparisonOp.Less, nullableInts, Pool);
        Assert.Equal(SqlType.Boolean, nullable.Type);
        Assert.Equal(new object?[] { true, false }, ColumnFactory.ToObjects(nullable));
    }

    private static object?[] Values(Random random, int n, Func<Random, object> next, double nullRate)
    {
        object?[] values = new object?[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = nullRate > 0 && random.NextDouble() < nullRate ? null : next(random);
        }

        return values;
    }

    private static ulong[] RandomSelection(Random random, int n)
    {
        ulong[] words = new ulong[Bits.WordCount(n) + 1];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        }

        Bits.ClearPadding(words.AsSpan(0, Bits.WordCount(n)), n);
        return words;
    }

    private static void Verify(ColumnVector result, int n, Func<int, bool?> expected, string what)
    {
        Assert.Equal(SqlTypeKind.Boolean, result.Type.Kind);
        Assert.Equal(n, result.Length);
        ReadOnlySpan<ulong> values = result.BooleanWords;
        ReadOnlySpan<ulong> validity = result.Validity;
        int nulls = 0;
        for (int i = 0; i < n; i++)
        {
            bool? e = expected(i);
            bool isNull = !validity.IsEmpty && !Bits.Get(validity, i);
            bool bit = Bits.Get(values, i);
            nulls += e is null ? 1 : 0;
            if (e is null ? !isNull || bit : isNull || bit != e)
            {
                Assert.Fail($"{what}: row {i} should be {e?.ToString() ?? "NULL"} but is {(isNull ? "NULL" : bit)}{(isNull && bit ? " with its value bit set" : string.Empty)}.");
            }
        }

        Assert.Equal(nulls, result.NullCount);
        AssertPaddingClear(values, n, what + " values");
        AssertPaddingClear(result.Validity, n, what + " validity");
    }

    private static void AssertPaddingClear(ReadOnlySpan<ulong> words, int n, string what)
    {
        int used = Bits.WordCount(n);
        if (words.Length >= used && used > 0)
        {
            Assert.True((words[used - 1] & ~Bits.TailMask(n)) == 0, $"{what}: bits past row {n} are set.");
        }

        for (int i = used; i < words.Length; i++)
        {
            Assert.True(words[i] == 0, $"{what}: word {i} past the rows is not zero.");
        }
    }
}
