using VecFlow.Engine.Connectors;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>Helpers for connector tests: tables over this test's directory, reading and writing whole tables.</summary>
public abstract class ConnectorTest : EngineTest
{
    /// <summary>A schema with every type the file formats hold.</summary>
    protected static readonly RowSchema AllTypes = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("flag", SqlType.Boolean),
        new Field("tiny", SqlType.TinyInt),
        new Field("small", SqlType.SmallInt),
        new Field("num", SqlType.Int),
        new Field("real", SqlType.Float),
        new Field("dbl", SqlType.Double),
        new Field("price", SqlType.Decimal(38, 10)),
        new Field("name", SqlType.Varchar),
        new Field("day", SqlType.Date),
        new Field("clock", SqlType.Time),
        new Field("ts", SqlType.Timestamp),
        new Field("ltz", SqlType.TimestampLtz),
    ]);

    protected static readonly Int128 MaxDecimal = DecimalMath.Pow10(38) - 1;

    protected ConnectorTest()
    {
        // Leaks still fail the test; recording a stack per rent makes file round trips of many small batches slow.
        Pool.TrackRentSites = false;
    }

    protected static TableContext Table(RowSchema schema, params (string Key, string Value)[] options) =>
        Table("t", schema, [], options);

    protected static TableContext Table(string name, RowSchema schema, IReadOnlyList<string> partitionKeys, params (string Key, string Value)[] options) =>
        new(name, schema, new ConnectorOptions(name, options.Select(o => KeyValuePair.Create(o.Key, o.Value))), partitionKeys, []);

    /// <summary>Every row of every split, in split order.</summary>
    protected List<object?[]> ReadAll(ITableSource source, IReadOnlyList<int>? columns = null, int parallelism = 1, int batchRows = 1000, OperatorContext? context = null)
    {
        context ??= Context();
        var rows = new List<object?[]>();
        foreach (SourceSplit split in source.PlanSplits(parallelism))
        {
            rows.AddRange(ReadSplit(source, split, columns ?? AllColumns(source), batchRows, context));
        }

        return rows;
    }

    protected static List<object?[]> ReadSplit(ITableSource source, SourceSplit split, IReadOnlyList<int> columns, int batchRows, OperatorContext context)
    {
        var rows = new List<object?[]>();
        using ISourceReader reader = source.Open(split, columns, context);
        while (reader.Read(batchRows) is ColumnBatch batch)
        {
            using (batch)
            {
                Assert.True(batch.Length <= batchRows);
                Assert.Equal(reader.Schema.Names, batch.Names);
                rows.AddRange(Rows(batch));
            }
        }

        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> through one writer in batches of <paramref name="batchRows"/> and finishes it.</summary>
    protected void WriteAll(ITableSink sink, RowSchema schema, IReadOnlyList<object?[]> rows, int batchRows = 100, OperatorContext? context = null)
    {
        using ISinkWriter writer = sink.Open(context ?? Context());
        foreach (object?[][] chunk in rows.Chunk(batchRows))
        {
            writer.Write(Batch(schema, chunk));
        }

        writer.Finish();
    }

    /// <summary>Seeded rows of <see cref="AllTypes"/> with NULLs, extremes and awkward text.</summary>
    protected static List<object?[]> AllTypeRows(int count, int seed)
    {
        var random = new Random(seed);
        string[] awkward = ["", " lead", "trail ", "a,b", "say \"hi\"", "line\nbreak", "cr\r\nlf", "#hash", "ünïcødé 日本 🎉", "'quote'", "tab\there", "\\N", "null"];
        var rows = new List<object?[]>();
        for (int i = 0; i < count; i++)
        {
            bool nulls = i % 7 == 3;
            Int128 price = (i % 5) switch
            {
                0 => MaxDecimal,
                1 => -MaxDecimal,
                2 => 0,
                _ => ((Int128)random.NextInt64() * random.Next()) % MaxDecimal,
            };
            rows.Add(
            [
                (long)i,
                nulls ? null : random.Next(2) == 1,
                nulls ? null : (sbyte)random.Next(-128, 128),
                nulls ? null : (short)random.Next(-32768, 32768),
                nulls ? null : (i % 11 == 0 ? int.MinValue : random.Next()),
                nulls ? null : (float)(random.NextDouble() * 1000 - 500),
                nulls ? null : (i % 13 == 0 ? double.MaxValue : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-10, 12))),
                nulls ? null : price,
                nulls ? null : (i < awkward.Length ? awkward[i] : "s" + random.Next(1000)),
                nulls ? null : random.Next(-719_162, 2_932_896),
                nulls ? null : random.Next(0, 86_400_000),
                nulls ? null : (i % 3 == 0 ? random.Next(0, 1_000_000) * 1000L : random.NextInt64(-62_135_596_800_000, 253_402_300_799_999)),
                nulls ? null : random.NextInt64(0, 4_102_444_800_000),
            ]);
        }

        return rows;
    }

    protected static IReadOnlyList<int> AllColumns(ITableSource source) => source switch
    {
        Engine.Connectors.Filesystem.FilesystemSource f => [.. Enumerable.Range(0, f.Table.Table.PhysicalSchema.Count)],
        Engine.Connectors.Datagen.DatagenSource d => [.. Enumerable.Range(0, d.Table.PhysicalSchema.Count)],
        _ => throw new ArgumentException("unknown source"),
    };

    protected static List<object?[]> Project(IEnumerable<object?[]> rows, params int[] columns) => [.. rows.Select(r => columns.Select(c => r[c]).ToArray())];

    protected static List<object?[]> SortById(IEnumerable<object?[]> rows) => [.. rows.OrderBy(r => (long)r[0]!)];
}
