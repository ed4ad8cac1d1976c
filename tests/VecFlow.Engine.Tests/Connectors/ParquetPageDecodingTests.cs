using ParquetSharp;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>
/// The pages of fixed-width columns VecFlow decodes itself (FixedWidthParquetChunk), in the layouts Arrow's writer
/// produces: both page versions, SNAPPY and uncompressed (and GZIP, read by ParquetSharp), dictionary pages and the
/// fallback to PLAIN when a dictionary grows too large, many small pages per chunk, REQUIRED and OPTIONAL columns.
/// Whole scans and filtered scans (rows and whole pages skipped) return the values written.
/// </summary>
public sealed class ParquetPageDecodingTests : EngineTest
{
    private const int RowCount = 5_000;

    public static TheoryData<ParquetDataPageVersion, Compression, bool> Layouts()
    {
        var layouts = new TheoryData<ParquetDataPageVersion, Compression, bool>();
        foreach (ParquetDataPageVersion version in new[] { ParquetDataPageVersion.V1, ParquetDataPageVersion.V2 })
        {
            foreach (Compression compression in new[] { Compression.Snappy, Compression.Uncompressed, Compression.Gzip })
            {
                layouts.Add(version, compression, true);
                layouts.Add(version, compression, false);
            }
        }

        return layouts;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Values_read_back_exactly_whole_and_filtered(ParquetDataPageVersion version, Compression compression, bool dictionary)
    {
        string file = Path.Combine(Directory, $"{version}-{compression}-{dictionary}.parquet");
        Write(file, version, compression, dictionary);
        using var session = new SqlSession(workDirectory: Directory, pool: Pool) { BatchRows = 70 };
        session.Execute($"""
            SET 'execution.runtime-mode' = 'batch';
            CREATE TABLE t (id BIGINT NOT NULL, small INT, big BIGINT, f FLOAT, d DOUBLE)
            WITH ('connector' = 'filesystem', 'path' = '{file}', 'format' = 'parquet')
            """);

        Assert.Equal(Expected(_ => true), session.Query("SELECT id, small, big, f, d FROM t").Rows.OrderBy(r => (long)r[0]!));
        Assert.Equal(Expected(r => r[1] is 3), session.Query("SELECT id, small, big, f, d FROM t WHERE small = 3").Rows.OrderBy(r => (long)r[0]!));
        Assert.Equal(Expected(r => (long)r[0]! is >= 2_500 and <= 2_503), session.Query("SELECT id, small, big, f, d FROM t WHERE id BETWEEN 2500 AND 2503").Rows.OrderBy(r => (long)r[0]!));
        Assert.Equal(Expected(r => (long)r[0]! >= 4_990), session.Query("SELECT id, small, big, f, d FROM t WHERE id >= 4990").Rows.OrderBy(r => (long)r[0]!));
        Assert.Equal(Expected(r => r[4] is double d && d > 4_900), session.Query("SELECT id, small, big, f, d FROM t WHERE d > 4900").Rows.OrderBy(r => (long)r[0]!));
    }

    [Fact]
    public void A_damaged_page_is_a_clear_error_naming_column_and_file()
    {
        string file = Path.Combine(Directory, "damaged.parquet");
        Write(file, ParquetDataPageVersion.V1, Compression.Snappy, dictionary: false);
        byte[] bytes = File.ReadAllBytes(file);
        // Overwrite the middle of the first chunk (the id column's pages): a SNAPPY stream that cannot decompress.
        bytes.AsSpan(200, 400).Fill(0xFF);
        File.WriteAllBytes(file, bytes);
        using var session = new SqlSession(workDirectory: Directory, pool: Pool);
        session.Execute($"CREATE TABLE t (id BIGINT NOT NULL) WITH ('connector' = 'filesystem', 'path' = '{file}', 'format' = 'parquet')");

        var error = Assert.Throws<ConnectorException>(() => session.Query("SELECT SUM(id) FROM t"));

        Assert.Contains("'id'", error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_version_2_page_of_nulls_marked_compressed_with_no_value_bytes_reads_as_nulls()
    {
        // parquet-java writes such pages (is_compressed = true, zero value bytes); Arrow's writer marks them uncompressed,
        // so the flag is set here by hand in the file's one data page header.
        string file = Path.Combine(Directory, "nulls.parquet");
        Column[] columns = [new Column<float?>("value")];
        using (WriterProperties properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).DataPageVersion(ParquetDataPageVersion.V2).DisableDictionary().Build())
        using (var writer = new ParquetFileWriter(file, columns, properties))
        {
            using RowGroupWriter group = writer.AppendRowGroup();
            using (LogicalColumnWriter<float?> values = group.NextColumn().LogicalWriter<float?>())
            {
                values.WriteBatch(new float?[10]);
            }

            writer.Close();
        }

        byte[] bytes = File.ReadAllBytes(file);
        Assert.True(SetCompressedFlag(bytes), "the version 2 page header's is_compressed field was not found");
        File.WriteAllBytes(file, bytes);
        using var session = new SqlSession(workDirectory: Directory, pool: Pool);
        session.Execute($"CREATE TABLE t (`value` FLOAT) WITH ('connector' = 'filesystem', 'path' = '{file}', 'format' = 'parquet')");

        object?[] row = Assert.Single(session.Query("SELECT COUNT(*), COUNT(`value`) FROM t").Rows);

        Assert.Equal([10L, 0L], row);
    }

    /// <summary>
    /// Sets is_compressed (field 7 of DataPageHeaderV2, field 8 of PageHeader) to true in the first version 2 page header:
    /// the struct's field header 0x5C, six i32 fields (0x15 and a varint), then the boolean field 0x12 (false).
    /// </summary>
    private static bool SetCompressedFlag(byte[] bytes)
    {
        for (int start = 4; start < bytes.Length; start++)
        {
            if (bytes[start] != 0x5C)
            {
                continue;
            }

            int at = start + 1;
            int fields = 0;
            while (fields < 6 && at < bytes.Length && bytes[at] == 0x15)
            {
                at++;
                while (at < bytes.Length && bytes[at] >= 0x80)
                {
                    at++;
                }

                at++;
                fields++;
            }

            if (fields == 6 && at < bytes.Length && bytes[at] == 0x12)
            {
                bytes[at] = 0x11;
                return true;
            }
        }

        return false;
    }

    /// <summary>id 0..RowCount-1 (REQUIRED); small id % 7 (a dictionary), NULL every 11th; big a large spread, NULL every 5th; f, d halves, NULL every 3rd / 13th.</summary>
    private static object?[] Row(long id) =>
    [
        id,
        id % 11 == 4 ? null : (int)(id % 7),
        id % 5 == 2 ? null : (id * 1_000_003) ^ (id << 40),
        id % 3 == 1 ? null : (float)(id / 2.0),
        id % 13 == 6 ? null : id + 0.5,
    ];

    private static List<object?[]> Expected(Func<object?[], bool> where) =>
        [.. Enumerable.Range(0, RowCount).Select(i => Row(i)).Where(where)];

    /// <summary>Two row groups; pages of 512 bytes (many per chunk); a 256-byte dictionary limit, so big falls back to PLAIN pages mid-chunk.</summary>
    private static void Write(string path, ParquetDataPageVersion version, Compression compression, bool dictionary)
    {
        Column[] columns = [new Column<long>("id"), new Column<int?>("small"), new Column<long?>("big"), new Column<float?>("f"), new Column<double?>("d")];
        WriterPropertiesBuilder builder = new WriterPropertiesBuilder()
            .Compression(compression)
            .DataPageVersion(version)
            .DataPagesize(512)
            .DictionaryPagesizeLimit(256);
        builder = dictionary ? builder.EnableDictionary() : builder.DisableDictionary();
        using WriterProperties properties = builder.Build();
        using var writer = new ParquetFileWriter(path, columns, properties);
        foreach ((int first, int count) in new[] { (0, 3_000), (3_000, RowCount - 3_000) })
        {
            object?[][] rows = [.. Enumerable.Range(first, count).Select(i => Row(i))];
            using RowGroupWriter group = writer.AppendRowGroup();
            using (LogicalColumnWriter<long> ids = group.NextColumn().LogicalWriter<long>())
            {
                ids.WriteBatch([.. rows.Select(r => (long)r[0]!)]);
            }

            using (LogicalColumnWriter<int?> small = group.NextColumn().LogicalWriter<int?>())
            {
                small.WriteBatch([.. rows.Select(r => (int?)r[1])]);
            }

            using (LogicalColumnWriter<long?> big = group.NextColumn().LogicalWriter<long?>())
            {
                big.WriteBatch([.. rows.Select(r => (long?)r[2])]);
            }

            using (LogicalColumnWriter<float?> f = group.NextColumn().LogicalWriter<float?>())
            {
                f.WriteBatch([.. rows.Select(r => (float?)r[3])]);
            }

            using (LogicalColumnWriter<double?> d = group.NextColumn().LogicalWriter<double?>())
            {
                d.WriteBatch([.. rows.Select(r => (double?)r[4])]);
            }
        }

        writer.Close();
    }
}
