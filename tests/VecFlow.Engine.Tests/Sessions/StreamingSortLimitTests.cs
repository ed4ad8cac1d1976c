using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>ORDER BY ... LIMIT in streaming (Flink's sort-limit): the same rows, in the same order, as the batch run.</summary>
public sealed class StreamingSortLimitTests : EngineTest
{
    private const string Table = """
        CREATE TABLE src (id BIGINT, v INT, s STRING) WITH (
            'connector' = 'datagen', 'number-of-rows' = '20000', 'rows-per-second' = '1000000000000', 'seed' = '5',
            'fields.id.min' = '0', 'fields.id.max' = '100000000', 'fields.v.min' = '0', 'fields.v.max' = '499', 'fields.s.length' = '3');
        """;

    public static TheoryData<string, int, string> Queries => new()
    {
        // The sort key is output, and ties are broken by a unique column so the top rows are one set in both modes.
        { "SELECT v, COUNT(*) AS n FROM src GROUP BY v ORDER BY n DESC, v LIMIT 7", 1, "hashmap" },
        { "SELECT v, COUNT(*) AS n FROM src GROUP BY v ORDER BY n DESC, v LIMIT 7", 2, "rocksdb" },
        // The sort key is not output: the result is still in its order.
        { "SELECT v FROM src GROUP BY v ORDER BY SUM(id) DESC, v LIMIT 4 OFFSET 3", 2, "rocksdb" },
        // An insert-only input, ascending with NULLs of a computed key.
        { "SELECT id, v FROM src ORDER BY CASE WHEN v < 5 THEN NULL ELSE v END NULLS FIRST, id LIMIT 10", 2, "hashmap" },
        { "SELECT id FROM src ORDER BY id LIMIT 0", 1, "hashmap" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Streaming_gives_the_batch_rows_in_the_batch_order(string select, int parallelism, string backend)
    {
        List<string> batch = Rows(select, "batch", parallelism, backend);
        List<string> streaming = Rows(select, "streaming", parallelism, backend);

        Assert.Equal(batch, streaming);
        Assert.Equal(select.EndsWith("LIMIT 0", StringComparison.Ordinal), batch.Count == 0);
    }

    private List<string> Rows(string select, string mode, int parallelism, string backend)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, $"{mode}-{Guid.NewGuid():N}")) { BatchRows = 1024 };
        session.Execute($"""
            SET 'execution.runtime-mode' = '{mode}';
            SET 'parallelism.default' = '{parallelism.ToString(CultureInfo.InvariantCulture)}';
            SET 'state.backend.type' = '{backend}';
            {Table}
            """);
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }
}
