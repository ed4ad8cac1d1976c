using Parquet;
using Parquet.Schema;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Connectors.Formats.Parquet;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;
using Field = VecFlow.Engine.Schema.Field;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class ParquetReaderTests : ConnectorTest
{
    private static readonly RowSchema Keyed = new(
    [
        new Field("k", SqlType.BigInt),
        new Field("name", SqlType.Varchar),
        new Field("amount", SqlType.Decimal(12, 2)),
        new Field("ts", SqlType.Timestamp),
        new Field("score", SqlType.Double),
        new Field("grp", SqlType.Int),
    ]);

    private readonly FilesystemConnectorFactory _factory = new();

    [Fact]
    public void Other_physical_layouts_read_into_the_table_types()
    {
        // Layouts other writers use: decimals as INT32 / INT64 / fixed bytes, microsecond timestamps, FLOAT as DOUBLE,
        // INT32 as BIGINT and TINYINT, INT64 as SMALLINT.
        DataField[] fields =
        [
            new DataField<int?>("tiny"),
            new DataField<long?>("small"),
            new DecimalDataField("d32", 9, 2, forceByteArrayEncoding: false, isNullable: true),
            new DecimalDataField("d64", 18, 4, forceByteArrayEncoding: false, isNullable: true),
            new DecimalDataField("dfixed", 28, 3, forceByteArrayEncoding: true, isNullable: true),
            new DateTimeDataField("us", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: true),
            new DataField<float?>("f"),
            new DataField<int?>("i"),
            new DateTimeDataField("ns", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Nanos, isNullable: true),
        ];
        DateTime before = new DateTime(1969, 12, 31, 23, 59, 59, 998, DateTimeKind.Unspecified).AddTicks(5);
        string file = Path.Combine(Directory, "layouts", "a.parquet");
        WriteParquet(file, fields, group =>
        {
            group.WriteAsync<int>(fields[0], new int?[] { -128, null, 127 }).GetAwaiter().GetResult();
            group.WriteAsync<long>(fields[1], new long?[] { -32768, 5, null }).GetAwaiter().GetResult();
            group.WriteAsync<decimal>(fields[2], new decimal?[] { -9999999.99m, null, 0.01m }).GetAwaiter().GetResult();
            group.WriteAsync<decimal>(fields[3], new decimal?[] { 12345678901234.5678m, -1m, null }).GetAwaiter().GetResult();
            group.WriteAsync<decimal>(fields[4], new decimal?[] { null, -1234567890123456789012345.678m, 0.5m }).GetAwaiter().GetResult();
            group.WriteAsync<DateTime>(fields[5], new DateTime?[] { before, new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Unspecified).AddTicks(9), null }).GetAwaiter().GetResult();
            group.WriteAsync<float>(fields[6], new float?[] { 1.5f, null, -2.25f }).GetAwaiter().GetResult();
            group.WriteAsync<int>(fields[7], new int?[] { int.MinValue, null, 7 }).GetAwaiter().GetResult();
            group.WriteAsync<DateTime>(fields[8], new DateTime?[] { null, before, new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Unspecified).AddTicks(9) }).GetAwaiter().GetResult();
        });
        var schema = new RowSchema(
        [
            new Field("tiny", SqlType.TinyInt), new Field("small", SqlType.SmallInt), new Field("d32", SqlType.Decimal(9, 2)),
            new Field("d64", SqlType.Decimal(20, 4)), new Field("dfixed", SqlType.Decimal(30, 3)), new Field("us", SqlType.Timestamp),
            new Field("f", SqlType.Double), new Field("i", SqlType.BigInt), new Field("ns", SqlType.Timestamp),
        ]);

        List<object?[]> rows = ReadAll(_factory.CreateSource(Table(schema, ("connector", "filesystem"), ("path", file), ("format", "parquet"))));

        long millis2026 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(
        [
            [(sbyte)-128, (short)-32768, (Int128)(-999999999), (Int128)123456789012345678, null, -2L, 1.5, (long)int.MinValue, null],
            [null, (short)5, null, (Int128)(-10000), Int128.Parse("-1234567890123456789012345678"), millis2026, null, null, -2L],
            [(sbyte)127, null, (Int128)1, null, (Int128)500, null, -2.25, 7L, millis2026],
        ],
        rows);
    }

    [Fact]
    public void A_file_rewritten_in_place_is_read_as_it_is_now()
    {
        // Footers are parsed once per file version: a rewrite must not be read through the old footer.
        var field = new DataField<long?>("v");
        string file = Path.Combine(Directory, "rewritten", "a.parquet");
        ITableSource Source() => _factory.CreateSource(Table(new RowSchema([new Field("v", SqlType.BigInt)]), ("connector", "filesystem"), ("path", file), ("format", "parquet")));

        WriteParquet(file, [field], group => group.WriteAsync<long>(field, new long?[] { 1 }).GetAwaiter().GetResult());
        Assert.Equal([[1L]], ReadAll(Source()));

        WriteParquet(file, [field], group => group.WriteAsync<long>(field, new long?[] { 2, null, 4 }).GetAwaiter().GetResult());
        Assert.Equal([[2L], [null], [4L]], ReadAll(Source()));
    }

    [Fact]
    public void A_value_that_does_not_fit_the_table_type_names_column_and_file()
    {
        var field = new DataField<long?>("small");
        string file = Path.Combine(Directory, "wide", "a.parquet");
        WriteParquet(file, [field], group => group.WriteAsync<long>(field, new long?[] { 1, 70_000 }).GetAwaiter().GetResult());
        ITableSource source = _factory.CreateSource(Table(new RowSchema([new Field("small", SqlType.SmallInt)]), ("connector", "filesystem"), ("path", file), ("format", "parquet")));

        var error = Assert.Throws<ConnectorException>(() => ReadAll(source));
        Assert.Contains("70000", error.Message);
        Assert.Contains("'small'", error.Message);
        Assert.Contains(file, error.Message);

        ITableSource wrong = _factory.CreateSource(Table(new RowSchema([new Field("small", SqlType.Varchar)]), ("connector", "filesystem"), ("path", file), ("format", "parquet")));
        Assert.Matches("stored as INT64.*, which does not read as the table.s", Assert.Throws<ConnectorException>(() => ReadAll(wrong)).Message);
    }

    [Fact]
    public void Every_row_group_is_a_split_and_projection_and_batch_cuts_keep_rows_and_nulls()
    {
        string dir = Path.Combine(Directory, "groups");
        TableContext table = Table(AllTypes, ("connector", "filesystem"), ("path", dir), ("format", "parquet"));
        List<object?[]> rows = AllTypeRows(1000, seed: 3);
        WriteAll(_factory.CreateSink(table), AllTypes, rows, batchRows: 300);
        ITableSource source = _factory.CreateSource(table);

        // A small file is one split; a big one is cut into runs of row groups (here one row group per run).
        Assert.Single(source.PlanSplits(1));
        string file = Assert.Single(System.IO.Directory.GetFiles(dir));
        IReadOnlyList<FileRange> ranges = ParquetFileReader.RowGroups(file, rowsPerRange: 1);
        Assert.Equal([new FileRange(0, 1), new FileRange(1, 1), new FileRange(2, 1), new FileRange(3, 1)], ranges);
        Assert.Equal([new FileRange(0, 2), new FileRange(2, 2)], ParquetFileReader.RowGroups(file, rowsPerRange: 600));

        Assert.Equal(rows, ReadAll(source, batchRows: 77));
        Assert.Equal(rows, ReadAll(source, batchRows: 128));
        Assert.Equal(Project(rows, 12, 8, 1, 7), ReadAll(source, columns: [12, 8, 1, 7], batchRows: 64));
        Assert.Equal(
            [.. Project(rows.Skip(300).Take(300), 0, 5), .. Project(rows.Skip(900), 0, 5)],
            ReadRange(file, [0, 5], ranges[1]).Concat(ReadRange(file, [0, 5], ranges[3])).ToList());
    }

    [Fact]
    public void Row_groups_whose_statistics_rule_out_a_predicate_are_skipped_and_rows_of_read_columns_filtered()
    {
        List<object?[]> rows = KeyedRows();
        ITableSource source = WriteKeyed(rows);

        // Row groups hold k 0..99, 100..199, ...; the reader returns k and name. Every predicate it can check exactly
        // drops rows, also on columns it does not return (it reads them for the check).
        Assert.Equal(100, Count(source, new ScanPredicate(0, ScanPredicateKind.Between, [Long(250), Long(349)])));
        Assert.Equal(1, Count(source, new ScanPredicate(0, ScanPredicateKind.Equal, [Long(999)])));
        Assert.Equal(999, Count(source, new ScanPredicate(0, ScanPredicateKind.NotEqual, [Long(999)])));
        Assert.Equal(201, Count(source, new ScanPredicate(0, ScanPredicateKind.Less, [Long(201)])));
        Assert.Equal(101, Count(source, new ScanPredicate(0, ScanPredicateKind.LessOrEqual, [Long(100)])));
        Assert.Equal(100, Count(source, new ScanPredicate(0, ScanPredicateKind.Greater, [Long(899)])));
        Assert.Equal(101, Count(source, new ScanPredicate(0, ScanPredicateKind.GreaterOrEqual, [Long(899)])));
        Assert.Equal(2, Count(source, new ScanPredicate(0, ScanPredicateKind.In, [Long(5), Long(705), Long(5000)])));
        Assert.Equal(200, Count(source, new ScanPredicate(1, ScanPredicateKind.GreaterOrEqual, [ScalarValue.String("n0800")])));
        Assert.Equal(150, Count(source, new ScanPredicate(2, ScanPredicateKind.Less, [ScalarValue.Decimal(15000, 12, 2)])));
        Assert.Equal(0, Count(source, new ScanPredicate(2, ScanPredicateKind.Equal, [ScalarValue.Decimal(1, 3, 1)])));
        Assert.Equal(1, Count(source, new ScanPredicate(2, ScanPredicateKind.Equal, [ScalarValue.Decimal(70, 3, 1)])));
        Assert.Equal(250, Count(source, new ScanPredicate(3, ScanPredicateKind.Less, [ScalarValue.Timestamp(BaseMillis + 250_000)])));
        Assert.Equal(8, Count(source, new ScanPredicate(4, ScanPredicateKind.Greater, [ScalarValue.Double(990.5)])));
        Assert.Equal(100, Count(source, new ScanPredicate(5, ScanPredicateKind.IsNull, [])));
        Assert.Equal(900, Count(source, new ScanPredicate(5, ScanPredicateKind.IsNotNull, [])));
        Assert.Equal(0, Count(source, new ScanPredicate(0, ScanPredicateKind.Equal, [Long(5)]), new ScanPredicate(1, ScanPredicateKind.Equal, [ScalarValue.String("n0900")])));

        // Nothing to decide with: a NULL literal, or a literal of another type, never skips.
        Assert.Equal(1000, Count(source, new ScanPredicate(0, ScanPredicateKind.Equal, [ScalarValue.Null(SqlType.BigInt)])));
        Assert.Equal(1000, Count(source, new ScanPredicate(0, ScanPredicateKind.Equal, [ScalarValue.String("5")])));
    }

    /// <summary>k = i, name = "n" + i (4 digits), amount = i + (i % 7) / 100, ts = base + i s, score = i + 0.5 (NULL every 10th), grp NULL from 900.</summary>
    internal static List<object?[]> KeyedRows() =>
    [
        .. Enumerable.Range(0, 1000).Select(i => new object?[]
        {
            (long)i,
            $"n{i:D4}",
            (Int128)((i * 100) + (i % 7)),
            BaseMillis + (i * 1000L),
            i % 10 == 4 ? null : i + 0.5,
            i >= 900 ? null : i % 3,
        }),
    ];

    internal const long BaseMillis = 1_767_225_600_000L;

    private static ScalarValue Long(long value) => ScalarValue.BigInt(value);

    private ITableSource WriteKeyed(List<object?[]> rows)
    {
        TableContext table = Table(Keyed, ("connector", "filesystem"), ("path", Path.Combine(Directory, "keyed")), ("format", "parquet"));
        WriteAll(_factory.CreateSink(table), Keyed, rows, batchRows: 100);
        return _factory.CreateSource(table);
    }

    private int Count(ITableSource source, params ScanPredicate[] predicates)
    {
        int rows = 0;
        foreach (SourceSplit split in source.PlanSplits(1))
        {
            using ISourceReader reader = source.Open(split, [0, 1], Context(), predicates);
            while (reader.Read(1000) is { } batch)
            {
                using (batch)
                {
                    rows += batch.Length;
                }
            }
        }

        return rows;
    }

    private List<object?[]> ReadRange(string file, IReadOnlyList<int> columns, FileRange range)
    {
        var rows = new List<object?[]>();
        using IFormatReader reader = new ParquetFormat().OpenReader(file, AllTypes, columns, Context(), range, []);
        while (reader.Read(100) is { } batch)
        {
            using (batch)
            {
                rows.AddRange(Rows(batch));
            }
        }

        return rows;
    }

    [Fact]
    public void A_chunk_longer_than_one_decode_batch_keeps_booleans_long_strings_and_int96_timestamps()
    {
        // 30,000 rows: the converted paths decode in batches of 8,192 values, and strings outgrow their first buffer.
        const int n = 30_000;
        var random = new Random(7);
        bool?[] flags = [.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? (bool?)null : random.Next(2) == 1)];
        string?[] names = [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? null : new string((char)('a' + (i % 26)), i % 3 == 0 ? 0 : 1 + random.Next(40)))];
        DateTime?[] stamps = [.. Enumerable.Range(0, n).Select(i => i % 4 == 1 ? (DateTime?)null : new DateTime(1960 + (i % 80), 1 + (i % 12), 1 + (i % 28), i % 24, i % 60, i % 59, i % 1000, DateTimeKind.Unspecified))];
        DataField[] fields =
        [
            new DataField<bool?>("flag"),
            new DataField<string>("name"),
            new DateTimeDataField("t96", DateTimeFormat.Impala, isNullable: true),
        ];
        string file = Path.Combine(Directory, "long", "a.parquet");
        WriteParquet(file, fields, group =>
        {
            group.WriteAsync<bool>(fields[0], flags).GetAwaiter().GetResult();
            group.WriteAsync(fields[1], names).GetAwaiter().GetResult();
            group.WriteAsync<DateTime>(fields[2], stamps).GetAwaiter().GetResult();
        });
        var schema = new RowSchema([new Field("flag", SqlType.Boolean), new Field("name", SqlType.Varchar), new Field("t96", SqlType.Timestamp)]);

        List<object?[]> rows = ReadAll(_factory.CreateSource(Table(schema, ("connector", "filesystem"), ("path", file), ("format", "parquet"))), batchRows: 4096);

        List<object?[]> expected = [.. Enumerable.Range(0, n).Select(i => new object?[]
        {
            flags[i], names[i], stamps[i] is { } t ? new DateTimeOffset(t.Ticks, TimeSpan.Zero).ToUnixTimeMilliseconds() : null,
        })];
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Strings_of_every_length_up_to_forty_bytes_read_back_exactly_with_and_without_nulls()
    {
        // The decoder copies values of 0-3, 4-7, 8-16 and more bytes in different ways; multi-byte UTF-8 shifts the ends.
        const int n = 20_000;
        var random = new Random(11);
        string[] dense = [.. Enumerable.Range(0, n).Select(i => string.Concat(Enumerable.Range(0, i % 41).Select(_ => "aZ9é€"[random.Next(5)])))];
        string?[] sparse = [.. dense.Select((v, i) => i % 9 == 4 ? null : v)];
        DataField[] fields = [new DataField<string>("dense"), new DataField<string>("sparse")];
        string file = Path.Combine(Directory, "lengths", "a.parquet");
        WriteParquet(file, fields, group =>
        {
            group.WriteAsync(fields[0], dense).GetAwaiter().GetResult();
            group.WriteAsync(fields[1], sparse).GetAwaiter().GetResult();
        });
        var schema = new RowSchema([new Field("dense", SqlType.Varchar), new Field("sparse", SqlType.Varchar)]);

        List<object?[]> rows = ReadAll(_factory.CreateSource(Table(schema, ("connector", "filesystem"), ("path", file), ("format", "parquet"))), batchRows: 3000);

        Assert.Equal([.. Enumerable.Range(0, n).Select(i => new object?[] { dense[i], sparse[i] })], rows);
    }

    private static void WriteParquet(string file, DataField[] fields, Action<ParquetRowGroupWriter> write)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using FileStream stream = File.Create(file);
        ParquetWriter writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        try
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            write(group);
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
