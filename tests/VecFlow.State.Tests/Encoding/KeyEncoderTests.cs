using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.State.Tests.Encoding;

public sealed class KeyEncoderTests : StateTest
{
    private static readonly SqlType[] Types =
    [
        SqlType.BigInt, SqlType.Varchar, SqlType.Decimal(20, 2), SqlType.Double, SqlType.Boolean, SqlType.Date,
        SqlType.TinyInt, SqlType.SmallInt, SqlType.Float, SqlType.Timestamp,
    ];

    [Fact]
    public void Equal_rows_give_equal_bytes_distinct_rows_distinct_bytes_and_the_exchange_hash()
    {
        var random = new Random(11);
        const int n = 700;
        var rows = new List<object?[]>();
        for (int i = 0; i < n; i++)
        {
            // Few distinct values per column so equal rows occur; every column has NULLs.
            rows.Add(
            [
                Maybe(random, () => (long)random.Next(3)),
                Maybe(random, () => random.Next(2) == 0 ? "a" : "b\u00e9"),
                Maybe(random, () => (Int128)random.Next(2) * 100),
                Maybe(random, () => random.Next(3) switch { 0 => 0.0, 1 => -0.0, _ => double.NaN }),
                Maybe(random, () => random.Next(2) == 0),
                Maybe(random, () => random.Next(2)),
                Maybe(random, () => (sbyte)random.Next(2)),
                Maybe(random, () => (short)random.Next(2)),
                Maybe(random, () => random.Next(2) == 0 ? -0.0f : 1.5f),
                Maybe(random, () => (long)random.Next(2) * 1000),
            ]);
        }

        int[] live = [.. Enumerable.Range(0, n).Where(i => i % 3 != 1)];
        using ColumnBatch batch = Batch(rows, live);
        var encoder = new KeyEncoder(Types);
        var keys = new EncodedKeys();
        int[] columns = [.. Enumerable.Range(0, Types.Length)];
        encoder.Encode(batch, columns, keys);

        Assert.Equal(live, keys.Rows.ToArray());
        ulong[] hashes = new ulong[n];
        HashKernels.Hash(batch.Columns, hashes);
        var byBytes = new Dictionary<string, string>();
        for (int i = 0; i < keys.Count; i++)
        {
            int row = live[i];
            Assert.Equal(hashes[row], keys.Hashes[i]);
            Assert.Equal(KeyGroupAssignment.KeyGroupOf(hashes[row], 128), keys.KeyGroups[i]);
            string bytes = Convert.ToHexString(keys.Key(i));
            string canonical = Canonical(rows[row]);
            if (byBytes.TryGetValue(bytes, out string? seen))
            {
                Assert.Equal(seen, canonical);
            }

            byBytes[bytes] = canonical;
        }

        Assert.Equal(live.Select(r => Canonical(rows[r])).Distinct().Count(), byBytes.Count);

        // The scalar path gives the same bytes and hash as the batch path.
        var single = new EncodedKeys();
        for (int i = 0; i < 40; i++)
        {
            int row = live[i];
            encoder.EncodeValues([.. rows[row].Select((v, c) => new ScalarValue(Types[c], v))], single);
            Assert.Equal(Convert.ToHexString(keys.Key(i)), Convert.ToHexString(single.Key(i)));
            Assert.Equal(keys.Hashes[i], single.Hashes[i]);
        }
    }

    [Fact]
    public void An_empty_selection_gives_no_keys()
    {
        using var column = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2, 3], Pool);
        using var batch = new ColumnBatch(["k"], [column.Share()], 3, Selection.None(3, Pool));
        var keys = new EncodedKeys();
        new KeyEncoder([SqlType.BigInt]).Encode(batch, [0], keys);
        Assert.Equal(0, keys.Count);
    }

    private static object? Maybe(Random random, Func<object> value) => random.Next(6) == 0 ? null : value();

    /// <summary>SQL equality as text: -0.0 equals 0.0 and NaN equals NaN for keys.</summary>
    private static string Canonical(object?[] row) => string.Join("|", row.Select(v => v switch
    {
        null => "NULL",
        double d => double.IsNaN(d) ? "NaN" : (d == 0 ? 0.0 : d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        float f => (f == 0 ? 0f : f).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    }));

    private ColumnBatch Batch(List<object?[]> rows, int[] live)
    {
        var columns = new List<ColumnVector>();
        for (int c = 0; c < Types.Length; c++)
        {
            List<object?> values = [.. rows.Select(r => r[c])];
            columns.Add(Types[c].Kind switch
            {
                SqlTypeKind.BigInt or SqlTypeKind.Timestamp => ColumnFactory.FromNullable(Types[c], values.Select(v => (long?)v).ToList(), Pool),
                SqlTypeKind.Varchar => ColumnFactory.FromStrings(values.Select(v => (string?)v).ToList(), Pool),
                SqlTypeKind.Decimal => ColumnFactory.FromNullable(Types[c], values.Select(v => (Int128?)v).ToList(), Pool),
                SqlTypeKind.Double => ColumnFactory.FromNullable(Types[c], values.Select(v => (double?)v).ToList(), Pool),
                SqlTypeKind.Float => ColumnFactory.FromNullable(Types[c], values.Select(v => (float?)v).ToList(), Pool),
                SqlTypeKind.Boolean => ColumnFactory.FromBooleans(values.Select(v => (bool?)v).ToList(), Pool),
                SqlTypeKind.TinyInt => ColumnFactory.FromNullable(Types[c], values.Select(v => (sbyte?)v).ToList(), Pool),
                SqlTypeKind.SmallInt => ColumnFactory.FromNullable(Types[c], values.Select(v => (short?)v).ToList(), Pool),
                _ => ColumnFactory.FromNullable(Types[c], values.Select(v => (int?)v).ToList(), Pool),
            });
        }

        return new ColumnBatch([.. Types.Select((_, i) => "c" + i)], columns, rows.Count, Selection.FromIndices(live, rows.Count, Pool));
    }
}
