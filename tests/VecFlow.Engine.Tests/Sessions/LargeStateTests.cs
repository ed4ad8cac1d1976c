using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Streaming state far larger than the RocksDB write-back cache lives on disk and the job's answer stays exact.</summary>
public sealed class LargeStateTests : EngineTest
{
    private const int Groups = 150_000;
    private const long CacheBytes = 256 << 10;

    [Fact]
    public void A_group_aggregate_whose_rocksdb_state_is_many_times_its_cache_gives_the_batch_rows()
    {
        // Every group's entry has at least a 20-byte key (key group 2 B, length 1 B, flag + BIGINT 9 B, namespace 8 B),
        // so the state holds at least 3 MB of keys alone: 11x the cache.
        Assert.True(Groups * 20L >= 5 * CacheBytes);
        string query = $"""
            CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '{Groups * 2}',
                'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '{Groups * 2}');
            CREATE VIEW v AS SELECT id, MOD(id * 7, 201) - 100 AS x FROM src;
            SELECT MOD(id, {Groups}) AS k, COUNT(*) AS n, SUM(x) AS total, MAX(x) AS top FROM v GROUP BY MOD(id, {Groups});
            """;

        List<string> batch = Run(query, "batch");
        List<string> streaming = Run(query, "streaming");
        Assert.Equal(Groups, batch.Count);
        Assert.Equal(batch, streaming);
    }

    private List<string> Run(string script, string mode)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, mode), Pool) { BatchRows = 4096 };
        session.Execute($"""
            SET 'execution.runtime-mode' = '{mode}';
            SET 'parallelism.default' = '2';
            SET 'state.backend.type' = 'rocksdb';
            SET 'state.backend.rocksdb.write-cache.size' = '{CacheBytes}';
            """);
        QueryResult result = session.Execute(script)[^1].Result!;
        return [.. result.Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }
}
