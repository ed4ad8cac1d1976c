using System.Globalization;
using DuckDB.NET.Data;

namespace VecFlow.MacroBench;

/// <summary>The benchmark's data: a bid table and a small auction table, written once as Parquet by DuckDB.</summary>
public sealed class BidData : IDisposable
{
    /// <summary>2026-01-01 00:00:00 UTC in epoch milliseconds; bids spread over the 30 days after it.</summary>
    public const long FirstMillis = 1_767_225_600_000L;

    private BidData(string directory, long rows, long auctions)
    {
        Directory = directory;
        Rows = rows;
        Auctions = auctions;
    }

    public string Directory { get; }

    public long Rows { get; }

    public long Auctions { get; }

    public string BidsPath => Path.Combine(Directory, "bids.parquet");

    public string AuctionsPath => Path.Combine(Directory, "auctions.parquet");

    public static BidData Generate(long rows)
    {
        string directory = Path.Combine(Path.GetTempPath(), "vecflow-macrobench", $"{Environment.ProcessId}-{rows}");
        System.IO.Directory.CreateDirectory(directory);
        long auctions = Math.Max(1_000, rows / 100);
        long bidders = Math.Max(1_000, rows / 10);
        var data = new BidData(directory, rows, auctions);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Exec(connection, string.Create(CultureInfo.InvariantCulture, $"""
            COPY (
                SELECT
                    CAST(hash(i * 7 + 1) % {auctions} AS BIGINT) AS auction,
                    CAST(hash(i * 7 + 2) % {bidders} AS BIGINT) AS bidder,
                    CAST(1 + hash(i * 7 + 3) % 2000000 AS BIGINT) AS price,
                    ['Google', 'Facebook', 'Baidu', 'Apple', 'channel-5', 'channel-6'][1 + CAST(hash(i * 7 + 4) % 6 AS INTEGER)] AS channel,
                    epoch_ms(CAST({FirstMillis} + i * (2592000000 // {rows}) + hash(i * 7 + 5) % 1000 AS BIGINT)) AS date_time,
                    CAST(CAST(hash(i * 7 + 6) % 10000000 AS DECIMAL(12, 0)) / 100 AS DECIMAL(12, 2)) AS amount
                FROM range({rows}) t(i)
            ) TO '{data.BidsPath}' (FORMAT parquet)
            """));
        Exec(connection, string.Create(CultureInfo.InvariantCulture, $"""
            COPY (
                SELECT
                    CAST(i AS BIGINT) AS id,
                    CAST(hash(i * 3 + 1) % 10000 AS BIGINT) AS seller,
                    CAST(1 + i % 20 AS BIGINT) AS category
                FROM range({auctions}) t(i)
            ) TO '{data.AuctionsPath}' (FORMAT parquet)
            """));
        return data;
    }

    /// <summary>The Flink DDL of both tables for VecFlow.</summary>
    public string FlinkDdl() => $"""
        SET 'execution.runtime-mode' = 'batch';
        CREATE TABLE bids (
            auction BIGINT,
            bidder BIGINT,
            price BIGINT,
            channel STRING,
            date_time TIMESTAMP(3),
            amount DECIMAL(12, 2)
        ) WITH ('connector' = 'filesystem', 'path' = '{BidsPath}', 'format' = 'parquet');
        CREATE TABLE auctions (
            id BIGINT,
            seller BIGINT,
            category BIGINT
        ) WITH ('connector' = 'filesystem', 'path' = '{AuctionsPath}', 'format' = 'parquet');
        """;

    /// <summary>DuckDB views that read the Parquet files on every query, as VecFlow does.</summary>
    public string DuckDbDdl() => $"""
        CREATE VIEW bids AS SELECT * FROM read_parquet('{BidsPath}');
        CREATE VIEW auctions AS SELECT * FROM read_parquet('{AuctionsPath}');
        """;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static void Exec(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
