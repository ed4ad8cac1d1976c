using VecFlow.Sql.Corpus.Tests.Data;
using VecFlow.Sql.Corpus.Tests.Harness;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>The generated tables: their shape, and that DuckDB reads back exactly the values that were generated.</summary>
[Collection(CorpusRun.Name)]
public sealed class GeneratedDataTests(CorpusFixture fixture)
{
    [Fact]
    public void DuckDb_loads_exactly_the_generated_values()
    {
        foreach (CorpusTable table in fixture.Data.Tables)
        {
            IReadOnlyList<object?[]> loaded = fixture.Reference.Run($"SELECT * FROM {table.Name}");

            // Tolerance 0: doubles must survive the CSV round trip bit for bit.
            ResultComparison result = ResultComparer.Compare(table.Rows, loaded, ordered: false, tolerance: 0, $"table {table.Name}");
            Assert.True(result.Matches, result.Message);
        }
    }

    [Fact]
    public void DuckDb_types_are_the_declared_types()
    {
        foreach (CorpusTable table in fixture.Data.Tables)
        {
            IReadOnlyList<object?[]> types = fixture.Reference.Run($"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table.Name}' ORDER BY ordinal_position");

            Assert.Equal(
                table.Columns.Select(c => (c.Name, c.Type.DuckDbName.Replace(" ", "", StringComparison.Ordinal))),
                types.Select(t => ((string)t[0]!, ((string)t[1]!).Replace(" ", "", StringComparison.Ordinal))));
        }
    }

    [Fact]
    public void Tables_have_their_sizes_nulls_and_skew()
    {
        Assert.Equal(CorpusDataGenerator.OrderCount, fixture.Data.Table("orders").Rows.Count);
        Assert.Empty(fixture.Data.Table("empty_t").Rows);
        Assert.Equal(0, new FileInfo(fixture.Data.CsvPath(fixture.Data.Table("empty_t"))).Length);

        foreach (CorpusTable table in fixture.Data.Tables.Where(t => t.Rows.Count > 0))
        {
            Assert.InRange(table.Rows.Count, 1_000, 20_000);
            for (int c = 0; c < table.Columns.Count; c++)
            {
                double nulls = table.Rows.Count(r => r[c] is null) / (double)table.Rows.Count;
                if (table.Columns[c].Nullable)
                {
                    Assert.True(nulls is > 0.03 and < 0.2, $"{table.Name}.{table.Columns[c].Name} has {nulls:P1} NULLs");
                }
                else
                {
                    Assert.Equal(0, nulls);
                }
            }
        }

        IReadOnlyList<object?[]> skewed = fixture.Data.Table("skewed").Rows;
        Assert.True(skewed.Count(r => r[0] is CorpusDataGenerator.HotKey) > 0.85 * skewed.Count);
    }

    [Fact]
    public void Strings_include_empty_non_ascii_and_csv_special_text()
    {
        var names = fixture.Data.Table("customers").Rows.Select(r => r[1] as string).ToList();

        Assert.Contains("", names);
        Assert.Contains(names, n => n is not null && n.Any(ch => ch > 127));
        Assert.Contains(names, n => n is not null && n.Contains(',', StringComparison.Ordinal));
        Assert.Contains(names, n => n is not null && n.Contains('"', StringComparison.Ordinal));
    }

    [Fact]
    public void Generation_is_deterministic_per_seed()
    {
        IReadOnlyList<CorpusTable> again = CorpusDataGenerator.Generate(CorpusFixture.Seed);

        for (int t = 0; t < again.Count; t++)
        {
            ResultComparison result = ResultComparer.Compare(fixture.Data.Tables[t].Rows, again[t].Rows, ordered: true, tolerance: 0, again[t].Name);
            Assert.True(result.Matches, result.Message);
        }
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "\"\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("東京", "東京")]
    public void Csv_fields_follow_rfc_4180(string? value, string expected) =>
        Assert.Equal(expected, CsvTableWriter.Field(CorpusType.Varchar, value));

    [Fact]
    public void Csv_fields_of_other_types_are_plain_text()
    {
        Assert.Equal("12.30", CsvTableWriter.Field(CorpusType.Decimal(12, 2), 12.3m));
        Assert.Equal("-0.0000000001", CsvTableWriter.Field(CorpusType.Decimal(38, 10), -0.0000000001m));
        Assert.Equal("2024-01-02", CsvTableWriter.Field(CorpusType.Date, new DateOnly(2024, 1, 2)));
        Assert.Equal("2024-01-02 03:04:05.060", CsvTableWriter.Field(CorpusType.Timestamp3, new DateTime(2024, 1, 2, 3, 4, 5, 60, DateTimeKind.Unspecified)));
        Assert.Equal("true", CsvTableWriter.Field(CorpusType.Boolean, true));
        Assert.Equal("0.1", CsvTableWriter.Field(CorpusType.Double, 0.1));
    }

    [Fact]
    public void Flink_ddl_parses_and_names_each_csv_file()
    {
        string ddl = fixture.Data.FlinkDdlScript;

        var script = SqlParser.ParseScript(ddl);
        Assert.Equal(fixture.Data.Tables.Count, script.Statements.Count);
        foreach (CorpusTable table in fixture.Data.Tables)
        {
            Assert.Contains($"'path' = '{fixture.Data.CsvPath(table)}'", ddl, StringComparison.Ordinal);
        }

        Assert.Contains("o_precise DECIMAL(38, 10)", ddl, StringComparison.Ordinal);
        Assert.Contains("e_ts TIMESTAMP(3) NOT NULL", ddl, StringComparison.Ordinal);
        Assert.Contains("'connector' = 'filesystem'", ddl, StringComparison.Ordinal);
        Assert.Contains("'format' = 'csv'", ddl, StringComparison.Ordinal);
    }
}
