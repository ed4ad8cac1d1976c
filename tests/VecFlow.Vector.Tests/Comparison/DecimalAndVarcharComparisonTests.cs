using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Comparison;

/// <summary>Hand-picked DECIMAL rescaling extremes and VARCHAR orderings, with the answers written out.</summary>
public sealed class DecimalAndVarcharComparisonTests : PooledTest
{
    private static readonly Int128 Max38 = Int128.Parse("99999999999999999999999999999999999999");

    [Fact]
    public void Decimals_of_different_scales_compare_by_value()
    {
        // 1.50 (scale 2) against 1.5, 1.500001, 1.499999 and -1.5 (scale 6).
        using ColumnVector left = ColumnFactory.FromValues<Int128>(SqlType.Decimal(10, 2), [150, 150, 150, 150], Pool);
        using ColumnVector right = ColumnFactory.FromValues<Int128>(SqlType.Decimal(20, 6), [1_500_000, 1_500_001, 1_499_999, -1_500_000], Pool);
        AssertCompare(left, ComparisonOp.Equal, right, true, false, false, false);
        AssertCompare(left, ComparisonOp.Less, right, false, true, false, false);
        AssertCompare(left, ComparisonOp.Greater, right, false, false, true, true);
        AssertCompare(right, ComparisonOp.Equal, left, true, false, false, false);
        AssertCompare(right, ComparisonOp.Greater, left, false, true, false, false);
    }

    [Fact]
    public void Values_too_large_to_rescale_are_larger_or_smaller_than_everything()
    {
        // DECIMAL(38,0) 10^37 and -(10^38 - 1) rescaled to scale 38 leave Int128; the other side is any scale-38 value.
        Int128 big = Int128.Parse("10000000000000000000000000000000000000");
        using ColumnVector wide = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 0), [big, -Max38, 1, -1, 0, Int128.MaxValue, Int128.MinValue], Pool);
        using ColumnVector fine = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 38), [Max38, -Max38, Max38, -Max38, 1, Int128.MaxValue, Int128.MinValue], Pool);
        AssertCompare(wide, ComparisonOp.Greater, fine, true, false, true, false, false, true, false);
        AssertCompare(wide, ComparisonOp.Less, fine, false, true, false, true, true, false, true);
        AssertCompare(fine, ComparisonOp.Less, wide, true, false, true, false, false, true, false);
        AssertCompare(wide, ComparisonOp.NotEqual, fine, true, true, true, true, true, true, true);

        // A constant of scale 0 that cannot be rescaled to the column's scale 38.
        using ColumnVector column = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 38), [Max38, -Max38, 0], Pool);
        AssertCompare(column, ComparisonOp.Less, ScalarValue.Decimal(2, 38, 0), true, true, true);
        AssertCompare(column, ComparisonOp.Greater, ScalarValue.Decimal(-2, 38, 0), true, true, true);
        AssertCompare(column, ComparisonOp.Equal, ScalarValue.Decimal(big, 38, 0), false, false, false);
        AssertCompare(column, ComparisonOp.Less, ScalarValue.Decimal(1, 38, 0), true, true, true);
        AssertCompare(column, ComparisonOp.Greater, ScalarValue.Decimal(0, 38, 0), true, false, false);

        // A constant of scale 38 against a scale-0 column: the column side is rescaled row by row.
        AssertCompare(wide, ComparisonOp.GreaterOrEqual, ScalarValue.Decimal(Max38, 38, 38), true, false, true, false, false, true, false);
    }

    [Fact]
    public void Equal_values_at_different_scales_are_equal()
    {
        // 12345 at scale 0 is 12345 * 10^33 at scale 33.
        Int128 scaled = 12345 * Int128.Parse("1000000000000000000000000000000000");
        using ColumnVector a = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 0), [12345, -12345, 12345], Pool);
        using ColumnVector b = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 33), [scaled, -scaled, scaled + 1], Pool);
        AssertCompare(a, ComparisonOp.Equal, b, true, true, false);
        AssertCompare(b, ComparisonOp.LessOrEqual, a, true, true, false);
        AssertCompare(a, ComparisonOp.Equal, ScalarValue.Decimal(scaled, 38, 33), true, false, true);
    }

    [Fact]
    public void Varchar_is_binary_code_point_order()
    {
        using ColumnVector left = ColumnFactory.FromStrings(["ab", "", "é", "日本", "😀", "\uFFFD", "a", "B", "abc", null], Pool);
        using ColumnVector right = ColumnFactory.FromStrings(["abc", "", "e", "日", "\uFFFD", "😀", "a", "a", "abd", "x"], Pool);
        AssertCompare(left, ComparisonOp.Less, right, true, false, false, false, false, true, false, true, true, null);
        AssertCompare(left, ComparisonOp.Equal, right, false, true, false, false, false, false, true, false, false, null);
        AssertCompare(left, ComparisonOp.Greater, right, false, false, true, true, true, false, false, false, false, null);
        AssertCompare(left, ComparisonOp.GreaterOrEqual, ScalarValue.String("ab"), true, false, true, true, true, true, false, false, true, null);
        AssertCompare(left, ComparisonOp.Equal, ScalarValue.String(""), false, true, false, false, false, false, false, false, false, null);
        AssertCompare(left, ComparisonOp.NotEqual, ScalarValue.Null(SqlType.Varchar), null, null, null, null, null, null, null, null, null, null);
    }

    [Fact]
    public void Boolean_orders_false_before_true()
    {
        using ColumnVector left = ColumnFactory.FromBooleans([false, false, true, true, null], Pool);
        using ColumnVector right = ColumnFactory.FromBooleans([false, true, false, true, true], Pool);
        AssertCompare(left, ComparisonOp.Less, right, false, true, false, false, null);
        AssertCompare(left, ComparisonOp.GreaterOrEqual, right, true, false, true, true, null);
        AssertCompare(left, ComparisonOp.Greater, ScalarValue.Boolean(false), false, false, true, true, null);
    }

    [Fact]
    public void Flip_and_sql_spelling()
    {
        Assert.Equal(ComparisonOp.Greater, ComparisonOp.Less.Flip());
        Assert.Equal(ComparisonOp.GreaterOrEqual, ComparisonOp.LessOrEqual.Flip());
        Assert.Equal(ComparisonOp.Less, ComparisonOp.Greater.Flip());
        Assert.Equal(ComparisonOp.LessOrEqual, ComparisonOp.GreaterOrEqual.Flip());
        Assert.Equal(ComparisonOp.Equal, ComparisonOp.Equal.Flip());
        Assert.Equal(ComparisonOp.NotEqual, ComparisonOp.NotEqual.Flip());
        Assert.Equal(["=", "<>", "<", "<=", ">", ">="], Enum.GetValues<ComparisonOp>().Select(op => op.ToSql()));
        foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
        {
            foreach (int order in new[] { -5, -1, 0, 1, 7 })
            {
                Assert.Equal(Reference.Holds(op, order), op.Holds(order));
                Assert.Equal(op.Holds(order), op.Flip().Holds(-order));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ((ComparisonOp)9).Flip());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ComparisonOp)9).ToSql());
    }

    private void AssertCompare(ColumnVector left, ComparisonOp op, ColumnVector right, params bool?[] expected)
    {
        using ColumnVector result = ComparisonKernels.Compare(left, op, right, Pool);
        Assert.Equal(expected.Cast<object?>(), ColumnFactory.ToObjects(result));
    }

    private void AssertCompare(ColumnVector left, ComparisonOp op, ScalarValue right, params bool?[] expected)
    {
        using ColumnVector result = ComparisonKernels.Compare(left, op, right, Pool);
        Assert.Equal(expected.Cast<object?>(), ColumnFactory.ToObjects(result));
    }
}
