using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Logic;

/// <summary>SQL three-valued logic: complete truth tables, then random bitmaps of every length against a per-row reference.</summary>
public sealed class LogicKernelsTests : PooledTest
{
    private static readonly bool?[] Three = [true, false, null];

    public LogicKernelsTests()
    {
        // Thousands of small kernels per test; a stack trace per rent would dominate. Leaks still fail the test.
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void And_or_truth_tables_are_complete()
    {
        bool?[] a = [.. Three.SelectMany(x => Three.Select(_ => x))];
        bool?[] b = [.. Three.SelectMany(_ => Three)];
        using ColumnVector left = ColumnFactory.FromBooleans(a, Pool);
        using ColumnVector right = ColumnFactory.FromBooleans(b, Pool);

        //                     a:  T     T      T     F      F      F      N     N      N
        //                     b:  T     F      N     T      F      N      T     F      N
        AssertColumn([true, false, null, false, false, false, null, false, null], LogicKernels.And(left, right, Pool));
        AssertColumn([true, true, true, true, false, null, true, null, null], LogicKernels.Or(left, right, Pool));
    }

    [Fact]
    public void Not_and_the_IS_tests_truth_tables()
    {
        using ColumnVector a = ColumnFactory.FromBooleans(Three, Pool);

        //                                  T      F      N
        AssertColumn([false, true, null], LogicKernels.Not(a, Pool));
        AssertColumn([true, false, false], LogicKernels.IsTrue(a, Pool));
        AssertColumn([false, true, false], LogicKernels.IsFalse(a, Pool));
        AssertColumn([false, true, true], LogicKernels.IsNotTrue(a, Pool));
        AssertColumn([true, false, true], LogicKernels.IsNotFalse(a, Pool));
        AssertColumn([false, false, true], LogicKernels.IsNull(a, Pool));
        AssertColumn([true, true, false], LogicKernels.IsNotNull(a, Pool));
    }

    [Fact]
    public void IS_tests_are_never_NULL()
    {
        using ColumnVector a = ColumnFactory.FromBooleans(Three, Pool);
        foreach (Func<ColumnVector, BufferPool, ColumnVector> test in new Func<ColumnVector, BufferPool, ColumnVector>[]
        {
            LogicKernels.IsNull, LogicKernels.IsNotNull, LogicKernels.IsTrue, LogicKernels.IsFalse, LogicKernels.IsNotTrue, LogicKernels.IsNotFalse,
        })
        {
            using ColumnVector result = test(a, Pool);
            Assert.Equal(0, result.NullCount);
            Assert.False(result.Type.Nullable);
        }
    }

    [Fact]
    public void IsNull_works_for_any_type()
    {
        using ColumnVector ints = ColumnFactory.FromNullable(SqlType.Int, new int?[] { 1, null, 3, null }, Pool);
        using ColumnVector strings = ColumnFactory.FromStrings(["a", null, "", "b"], Pool);
        using ColumnVector decimals = ColumnFactory.FromValues<Int128>(SqlType.Decimal(10, 2), [1, 2], Pool);
        AssertColumn([false, true, false, true], LogicKernels.IsNull(ints, Pool));
        AssertColumn([true, false, true, false], LogicKernels.IsNotNull(ints, Pool));
        AssertColumn([false, true, false, false], LogicKernels.IsNull(strings, Pool));
        AssertColumn([true, false, true, true], LogicKernels.IsNotNull(strings, Pool));
        AssertColumn([false, false], LogicKernels.IsNull(decimals, Pool));
        AssertColumn([true, true], LogicKernels.IsNotNull(decimals, Pool));
    }

    [Fact]
    public void Every_length_with_and_without_nulls_matches_the_reference()
    {
        var random = new Random(2024);
        for (int n = 0; n <= 257; n++)
        {
            // NULL patterns: none, a only, b only, both; value bits under NULLs are random (inputs need not be canonical).
            for (int mode = 0; mode < 4; mode++)
            {
                (bool?[] a, ColumnVector left) = RandomBooleans(random, n, (mode & 1) != 0);
                (bool?[] b, ColumnVector right) = RandomBooleans(random, n, (mode & 2) != 0);
                using (left)
                using (right)
                {
                    string what = $"n={n} mode={mode}";
                    Check(LogicKernels.And(left, right, Pool), i => And(a[i], b[i]), n, $"{what} AND");
                    Check(LogicKernels.Or(left, right, Pool), i => Or(a[i], b[i]), n, $"{what} OR");
                    Check(LogicKernels.Not(left, Pool), i => !a[i], n, $"{what} NOT");
                    Check(LogicKernels.IsTrue(left, Pool), i => a[i] == true, n, $"{what} IS TRUE");
                    Check(LogicKernels.IsFalse(left, Pool), i => a[i] == false, n, $"{what} IS FALSE");
                    Check(LogicKernels.IsNotTrue(left, Pool), i => a[i] != true, n, $"{what} IS NOT TRUE");
                    Check(LogicKernels.IsNotFalse(left, Pool), i => a[i] != false, n, $"{what} IS NOT FALSE");
                    Check(LogicKernels.IsNull(left, Pool), i => a[i] is null, n, $"{what} IS NULL");
                    Check(LogicKernels.IsNotNull(left, Pool), i => a[i] is not null, n, $"{what} IS NOT NULL");

                    ulong[] selection = new ulong[Bits.WordCount(n) + 1];
                    for (int w = 0; w < selection.Length; w++)
                    {
                        selection[w] = (ulong)random.NextInt64() << 1 ^ (ulong)random.NextInt64();
                    }

                    Bits.ClearPadding(selection.AsSpan(0, Bits.WordCount(n)), n);
                    ulong[] before = (ulong[])selection.Clone();
                    LogicKernels.ToSelection(left, selection);
                    for (int i = 0; i < n; i++)
                    {
                        bool expected = Bits.Get(before, i) && a[i] == true;
                        if (Bits.Get(selection, i) != expected)
                        {
                            Assert.Fail($"{what} WHERE: row {i} ({a[i]?.ToString() ?? "NULL"}) should be {(expected ? "selected" : "deselected")}.");
                        }
                    }

                    Assert.True(selection[^1] == before[^1], $"{what} WHERE: wrote past the rows.");
                    int used = Bits.WordCount(n);
                    Assert.True(used == 0 || (selection[used - 1] & ~Bits.TailMask(n)) == 0, $"{what} WHERE: padding set.");
                }
            }
        }
    }

    [Fact]
    public void Operands_must_be_BOOLEAN_columns_of_one_length()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [1, 0], Pool);
        using ColumnVector two = ColumnFactory.FromBooleans([true, false], Pool);
        using ColumnVector three = ColumnFactory.FromBooleans([true, false, null], Pool);
        ArgumentException e = Assert.Throws<ArgumentException>(() => LogicKernels.And(ints, two, Pool));
        Assert.Contains("INT", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LogicKernels.Or(two, three, Pool));
        Assert.Throws<ArgumentException>(() => LogicKernels.Not(ints, Pool));
        Assert.Throws<ArgumentException>(() => LogicKernels.IsTrue(ints, Pool));
        Assert.Throws<ArgumentException>(() => LogicKernels.ToSelection(three, Span<ulong>.Empty));
    }

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;

    // A BOOLEAN column whose value bits are random where the row is NULL, as a foreign producer may leave them.
    private (bool?[] Values, ColumnVector Column) RandomBooleans(Random random, int n, bool withNulls)
    {
        var values = new bool?[n];
        NativeBuffer bits = Pool.Rent(Bits.ByteCount(n), zeroed: true);
        NativeBuffer? validity = withNulls ? Pool.Rent(Bits.ByteCount(n), zeroed: true) : null;
        for (int i = 0; i < n; i++)
        {
            bool value = random.Next(2) == 0;
            bool valid = !withNulls || random.Next(4) != 0;
            Bits.Set(bits.Words, i, value);
            if (validity is not null && valid)
            {
                Bits.Set(validity.Words, i);
            }

            values[i] = valid ? value : null;
        }

        return (values, ColumnVector.FromBuffers(SqlType.Boolean, n, validity, bits));
    }

    private static void Check(ColumnVector result, Func<int, bool?> expected, int n, string what)
    {
        using (result)
        {
            Assert.Equal(SqlTypeKind.Boolean, result.Type.Kind);
            Assert.Equal(n, result.Length);
            ReadOnlySpan<ulong> values = result.BooleanWords;
            ReadOnlySpan<ulong> validity = result.Validity;
            for (int i = 0; i < n; i++)
            {
                bool? e = expected(i);
                bool isNull = !validity.IsEmpty && !Bits.Get(validity, i);
                bool bit = Bits.Get(values, i);
                if (e is null ? !isNull || bit : isNull || bit != e)
                {
                    Assert.Fail($"{what}: row {i} should be {e?.ToString() ?? "NULL"} but is {(isNull ? "NULL" : bit)}{(isNull && bit ? " with its value bit set" : string.Empty)}.");
                }
            }

            int used = Bits.WordCount(n);
            Assert.True(used == 0 || (values[used - 1] & ~Bits.TailMask(n)) == 0, $"{what}: value padding set.");
            Assert.True(validity.IsEmpty || (validity[used - 1] & ~Bits.TailMask(n)) == 0, $"{what}: validity padding set.");
        }
    }

    private static void AssertColumn(bool?[] expected, ColumnVector result)
    {
        using (result)
        {
            Assert.Equal(expected.Cast<object?>(), ColumnFactory.ToObjects(result));
            for (int i = 0; i < result.Length; i++)
            {
                Assert.False(result.IsNull(i) && Bits.Get(result.BooleanWords, i), $"row {i} is NULL with its value bit set.");
            }
        }
    }
}
