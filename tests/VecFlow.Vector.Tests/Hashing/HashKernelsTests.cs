using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Hashing;
using VecFlow.Vector.Tests.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Hashing;

public sealed class HashKernelsTests : PooledTest
{
    public HashKernelsTests()
    {
        Pool.TrackRentSites = false;
    }

    /// <summary>Hashes leave the process (partitions, key groups, spill files): a changed algorithm must fail here.</summary>
    [Fact]
    public void Pinned_hash_values_never_change()
    {
        // fmix64 values cross-checked with an independent implementation; XXH3 values are the reference ones.
        Assert.Equal(0x0000000000000000UL, HashKernels.HashValue(ScalarValue.BigInt(0)));
        Assert.Equal(0xB456BCFC34C2CB2CUL, HashKernels.HashValue(ScalarValue.BigInt(1)));
        Assert.Equal(0x64B5720B4B825F21UL, HashKernels.HashValue(ScalarValue.BigInt(-1)));
        Assert.Equal(0x810879608E4259CCUL, HashKernels.HashValue(ScalarValue.Int(42)));
        Assert.Equal(0xABB93DF0A930EDEAUL, HashKernels.HashValue(ScalarValue.BigInt(long.MaxValue)));
        Assert.Equal(0x8F780810AF31A493UL, HashKernels.HashValue(ScalarValue.BigInt(long.MinValue)));
        Assert.Equal(0x885DCC874E75B6F0UL, HashKernels.HashValue(ScalarValue.Double(1.5)));
        Assert.Equal(0xE290595F58053B85UL, HashKernels.HashValue(ScalarValue.Double(double.NaN)));
        Assert.Equal(0xB456BCFC34C2CB2CUL, HashKernels.HashValue(ScalarValue.Boolean(true)));
        Assert.Equal(0x78AF5F94892F3950UL, HashKernels.HashValue(ScalarValue.String("abc")));
        Assert.Equal(0x2D06800538D394C2UL, HashKernels.HashValue(ScalarValue.String(string.Empty)));
        Assert.Equal(0xB40C17E2196D97D8UL, HashKernels.HashValue(ScalarValue.String("Grüße")));
        Assert.Equal(0x970DCD37B14DE550UL, HashKernels.HashValue(ScalarValue.Decimal(12345, 10, 2)));
        Assert.Equal(0x722A202F07A4B313UL, HashKernels.HashValue(ScalarValue.Decimal(-1, 38, 0)));
        Assert.Equal(0x9E3779B97F4A7C15UL, HashKernels.HashValue(ScalarValue.Null(SqlType.Int)));
        Assert.Equal(HashMixer.NullHash, HashKernels.HashValue(ScalarValue.Null(SqlType.Varchar)));

        // Two key columns (1, 2): h(1) * 31 + h(2).
        using ColumnVector a = ColumnFactory.FromValues<long>(SqlType.BigInt, [1], Pool);
        using ColumnVector b = ColumnFactory.FromValues<int>(SqlType.Int, [2], Pool);
        ulong[] hashes = new ulong[1];
        HashKernels.Hash([a, b], hashes);
        Assert.Equal(0x11400CAAC89D1E3BUL, hashes[0]);
    }

    [Fact]
    public void Column_hashes_match_the_scalar_hash_of_every_row_for_every_type_and_length()
    {
        var random = new Random(21);
        foreach (SqlType type in TestColumns.AllTypes)
        {
            for (int n = 0; n <= 257; n++)
            {
                object?[] values = TestColumns.Values(type, n, random, n % 3 == 0 ? 0.0 : 0.25);
                using ColumnVector column = TestColumns.Build(type, values, Pool);
                ulong[] hashes = new ulong[n + 3];
                hashes[n] = 12345;
                HashKernels.Hash(column, hashes);
                for (int i = 0; i < n; i++)
                {
                    Assert.True(HashKernels.HashValue(new ScalarValue(type, values[i])) == hashes[i], $"{type} n={n} row {i} ({values[i] ?? "NULL"})");
                }

                Assert.Equal(12345UL, hashes[n]);
            }
        }
    }

    [Fact]
    public void Combine_folds_columns_in_order_and_many_columns_equal_hash_then_combine()
    {
        var random = new Random(22);
        for (int n = 0; n <= 257; n += 7)
        {
            using ColumnVector ints = TestColumns.Build(SqlType.Int, TestColumns.Values(SqlType.Int, n, random, 0.2), Pool);
            using ColumnVector strings = TestColumns.Build(SqlType.Varchar, TestColumns.Values(SqlType.Varchar, n, random, 0.2), Pool);
            using ColumnVector doubles = TestColumns.Build(SqlType.Double, TestColumns.Values(SqlType.Double, n, random, 0.2), Pool);
            ulong[] many = new ulong[n];
            HashKernels.Hash([ints, strings, doubles], many);
            ulong[] a = new ulong[n];
            ulong[] b = new ulong[n];
            ulong[] c = new ulong[n];
            HashKernels.Hash(ints, a);
            HashKernels.Hash(strings, b);
            HashKernels.Hash(doubles, c);
            ulong[] step = (ulong[])a.Clone();
            HashKernels.HashCombine(strings, step);
            HashKernels.HashCombine(doubles, step);
            for (int i = 0; i < n; i++)
            {
                ulong expected = (((a[i] * 31) + b[i]) * 31) + c[i];
                Assert.Equal(expected, many[i]);
                Assert.Equal(expected, step[i]);
            }
        }

        // Order matters: (x, y) and (y, x) hash differently.
        using ColumnVector x = ColumnFactory.FromValues<long>(SqlType.BigInt, [7], Pool);
        using ColumnVector y = ColumnFactory.FromValues<long>(SqlType.BigInt, [9], Pool);
        ulong[] xy = new ulong[1];
        ulong[] yx = new ulong[1];
        HashKernels.Hash([x, y], xy);
        HashKernels.Hash([y, x], yx);
        Assert.NotEqual(xy[0], yx[0]);
    }

    [Fact]
    public void Equal_sql_values_hash_equal_across_batches_widths_and_representations()
    {
        using ColumnVector first = ColumnFactory.FromValues<long>(SqlType.BigInt, [5, -3, 100], Pool);
        using ColumnVector second = ColumnFactory.FromValues<long>(SqlType.BigInt, [100, 0, 0, 0, 0, 0, 0, 0, 0, 5], Pool);
        ulong[] h1 = new ulong[3];
        ulong[] h2 = new ulong[10];
        HashKernels.Hash(first, h1);
        HashKernels.Hash(second, h2);
        Assert.Equal(h1[0], h2[9]);
        Assert.Equal(h1[2], h2[0]);

        // Integer widths, dates and booleans widen to BIGINT.
        using ColumnVector tiny = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [5, -3], Pool);
        using ColumnVector date = ColumnFactory.FromValues<int>(SqlType.Date, [5, -3], Pool);
        ulong[] ht = new ulong[2];
        ulong[] hd = new ulong[2];
        HashKernels.Hash(tiny, ht);
        HashKernels.Hash(date, hd);
        Assert.Equal(h1.AsSpan(0, 2).ToArray(), ht);
        Assert.Equal(ht, hd);

        // -0.0 and 0.0, and every NaN payload, hash equal; FLOAT hashes like the equal DOUBLE.
        double otherNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0000000000123UL));
        using ColumnVector doubles = ColumnFactory.FromValues<double>(SqlType.Double, [-0.0, 0.0, double.NaN, otherNaN, 0.5, -0.0, 0.0, 0.5, 0.5], Pool);
        ulong[] hs = new ulong[9];
        HashKernels.Hash(doubles, hs);
        Assert.Equal(hs[0], hs[1]);
        Assert.Equal(hs[2], hs[3]);
        Assert.Equal(hs[0], hs[5]);
        Assert.Equal(hs[1], hs[6]);
        using ColumnVector floats = ColumnFactory.FromValues<float>(SqlType.Float, [-0f, float.NaN, 0.5f], Pool);
        ulong[] hf = new ulong[3];
        HashKernels.Hash(floats, hf);
        Assert.Equal([hs[0], hs[2], hs[4]], hf);
        Assert.Equal(hs[0], HashKernels.HashValue(ScalarValue.Double(-0.0)));

        // NULL hashes to the constant whatever the (garbage) value under it.
        using ColumnVector nulls = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2, 3], [false, true, false], Pool);
        ulong[] hn = new ulong[3];
        HashKernels.Hash(nulls, hn);
        Assert.Equal(HashMixer.NullHash, hn[0]);
        Assert.Equal(HashMixer.NullHash, hn[2]);
    }

    [Fact]
    public void Low_and_high_bits_of_consecutive_integers_spread_evenly()
    {
        const int Count = 65536;
        const int Buckets = 64;
        long[] keys = Enumerable.Range(0, Count).Select(i => (long)i).ToArray();
        using ColumnVector column = ColumnFactory.FromValues<long>(SqlType.BigInt, keys, Pool);
        ulong[] hashes = new ulong[Count];
        HashKernels.Hash(column, hashes);
        Assert.True(ChiSquare(hashes.Select(h => (int)(h & (Buckets - 1)))) < 120, "low bits are uneven");
        Assert.True(ChiSquare(hashes.Select(h => (int)(h >> 58))) < 120, "high bits are uneven");

        // Multiples of 1024 (keys that share their low bits) spread too.
        using ColumnVector strided = ColumnFactory.FromValues<long>(SqlType.BigInt, keys.Select(k => k << 10).ToArray(), Pool);
        HashKernels.Hash(strided, hashes);
        Assert.True(ChiSquare(hashes.Select(h => (int)(h & (Buckets - 1)))) < 120, "low bits of strided keys are uneven");

        // 63 degrees of freedom: the 0.999 quantile is about 103.
        static double ChiSquare(IEnumerable<int> buckets)
        {
            int[] counts = new int[Buckets];
            foreach (int b in buckets)
            {
                counts[b]++;
            }

            double expected = (double)Count / Buckets;
            return counts.Sum(c => (c - expected) * (c - expected) / expected);
        }
    }

    [Fact]
    public void Short_hash_buffers_and_ragged_key_columns_are_rejected()
    {
        using ColumnVector column = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2, 3], Pool);
        using ColumnVector shorter = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2], Pool);
        Assert.Throws<ArgumentException>(() => HashKernels.Hash(column, new ulong[2]));
        Assert.Throws<ArgumentException>(() => HashKernels.Hash([column, shorter], new ulong[3]));
        Assert.Throws<ArgumentException>(() => HashKernels.Hash(Array.Empty<ColumnVector>(), new ulong[3]));
    }
}
