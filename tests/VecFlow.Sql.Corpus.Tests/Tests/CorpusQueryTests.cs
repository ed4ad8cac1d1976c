using VecFlow.Sql.Corpus.Tests.Harness;
using Xunit.Sdk;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>The correctness gate: every corpus query on the engine under test against DuckDB over the same data.</summary>
[Collection(CorpusRun.Name)]
public sealed class CorpusQueryTests(CorpusFixture fixture)
{
    public static TheoryData<string> QueryNames => [.. CorpusCatalog.Queries.Select(q => q.Name)];

    [Fact]
    public void Every_reference_query_runs_on_duckdb()
    {
        var failures = new List<string>();
        foreach (CorpusQuery query in fixture.Queries)
        {
            try
            {
                fixture.Expected(query);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{query.Name} ({query.Location}): {e.Message.Split('\n')[0]}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} queries fail on DuckDB:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Reference_results_have_rows_unless_the_query_is_about_emptiness()
    {
        // A filter that accidentally selects nothing makes a query that tests nothing.
        string[] empty = [.. fixture.Queries
            .Where(q => !q.Name.Contains("empty", StringComparison.Ordinal) && q.Name != "limit_zero" && fixture.Expected(q).Count == 0)
            .Select(q => $"{q.Name} ({q.Location})")];

        Assert.True(empty.Length == 0, "queries without rows (name them *empty* if intended): " + string.Join(", ", empty));
    }

    [Fact]
    public void The_gate_catches_a_dropped_or_changed_row_in_every_query()
    {
        var blind = new List<string>();
        foreach (CorpusQuery query in fixture.Queries.Where(q => fixture.Expected(q).Count is > 0 and <= 5_000))
        {
            IReadOnlyList<object?[]> expected = fixture.Expected(query);
            object?[][] dropped = [.. expected.Take(expected.Count - 1)];
            object?[][] changed = [.. expected.Select(r => (object?[])r.Clone())];
            changed[^1][0] = changed[^1][0] is null ? "changed" : null;

            if (ResultComparer.Compare(query, expected, dropped).Matches || ResultComparer.Compare(query, expected, changed).Matches)
            {
                blind.Add(query.Name);
            }
        }

        Assert.True(blind.Count == 0, "the comparison misses a difference in: " + string.Join(", ", blind));
    }

    [CorpusTheory]
    [MemberData(nameof(QueryNames))]
    public void Corpus_query_matches_duckdb(string name) => Check(CorpusCatalog.Get(name), parallelism: 1);

    /// <summary>The same answer with every vertex at two subtasks: hash exchanges, global steps and local TopN in play.</summary>
    [CorpusTheory]
    [MemberData(nameof(QueryNames))]
    public void Corpus_query_matches_duckdb_at_parallelism_2(string name) => Check(CorpusCatalog.Get(name), parallelism: 2);

    /// <summary>Stream equals batch: the query as a streaming job (its changelog materialized) gives DuckDB's answer.</summary>
    [CorpusTheory]
    [MemberData(nameof(QueryNames))]
    public void Corpus_query_in_streaming_mode_on_heap_state_matches_duckdb(string name) => CheckStreaming(CorpusCatalog.Get(name), 1, "hashmap");

    [CorpusTheory]
    [MemberData(nameof(QueryNames))]
    public void Corpus_query_in_streaming_mode_at_parallelism_2_on_rocksdb_matches_duckdb(string name) => CheckStreaming(CorpusCatalog.Get(name), 2, "rocksdb");

    /// <summary>Queries every streaming job must run (not refuse): the gate against streaming silently refusing everything.</summary>
    [Theory]
    [InlineData("filter_int_eq")]
    [InlineData("filter_and_or")]
    [InlineData("filter_bigint_range")]
    [InlineData("agg_count_by_status")]
    [InlineData("agg_sum_int_by_key")]
    [InlineData("tvf_tumble_count")]
    [InlineData("topn_per_customer")]
    [InlineData("topn_without_rank_column")]
    [InlineData("topn_less_than")]
    [InlineData("topn_global")]
    [InlineData("topn_two_partition_keys")]
    [InlineData("topn_by_timestamp")]
    [InlineData("dedup_keep_first")]
    [InlineData("dedup_keep_last")]
    [InlineData("dedup_by_string_key")]
    [InlineData("topn_then_aggregate")]
    [InlineData("over_rows_sum_3")]
    [InlineData("over_rows_unpartitioned")]
    [InlineData("over_range_time_interval")]
    [InlineData("over_whole_partition")]
    [InlineData("over_row_number")]
    [InlineData("over_rank_dense_rank")]
    [InlineData("over_lag_lead")]
    [InlineData("over_then_filter")]
    [InlineData("over_two_windows")]
    [InlineData("over_first_last_value_rows")]
    [InlineData("over_ntile")]
    [InlineData("join_inner_orders_customers")]
    [InlineData("join_inner_with_residual")]
    [InlineData("join_left_with_residual_in_on")]
    [InlineData("join_right_with_residual")]
    [InlineData("join_full_with_residual")]
    [InlineData("join_comma_three_tables")]
    [InlineData("join_non_equi_only")]
    [InlineData("join_inner_then_aggregate")]
    [InlineData("null_join_keys_do_not_match")]
    [InlineData("sub_exists_correlated")]
    [InlineData("sub_not_exists_with_residual")]
    [InlineData("sub_not_in_null_probe")]
    [InlineData("cte_with_window_and_join")]
    [InlineData("cascade_tumble_max_of_counts")]
    [InlineData("cascade_hop_max_of_counts")]
    [InlineData("cascade_cumulate_with_key_and_window_time")]
    [InlineData("cascade_window_join_inner")]
    [InlineData("cascade_window_join_residual")]
    [InlineData("cascade_window_join_left")]
    [InlineData("cascade_window_join_full")]
    [InlineData("cascade_window_join_of_window_tvfs")]
    [InlineData("cascade_window_aggregate_after_window_join")]
    [InlineData("temporal_inner_orders_customers")]
    [InlineData("temporal_left_with_residual_in_on")]
    [InlineData("temporal_computed_key_and_table_filter")]
    [InlineData("session_gw_rowtime_and_aggregates")]
    [InlineData("session_gw_unkeyed")]
    [InlineData("session_tvf_partitioned")]
    [InlineData("session_tvf_two_keys_named")]
    [InlineData("session_tvf_unpartitioned_null_times_dropped")]
    [InlineData("session_spilling")]
    public void Streaming_mode_runs_these_queries(string name)
    {
        CorpusQuery query = CorpusCatalog.Get(name);
        var settings = new Dictionary<string, string>(query.Settings) { ["execution.runtime-mode"] = "streaming", ["parallelism.default"] = "2" };
        ResultComparison result = ResultComparer.Compare(query, fixture.Expected(query), fixture.Engine.Run(query.Sql, settings));
        Assert.True(result.Matches, result.Message);
    }

    private void CheckStreaming(CorpusQuery query, int parallelism, string backend)
    {
        if (query.ExpectedError is not null)
        {
            return;
        }

        var settings = new Dictionary<string, string>(query.Settings)
        {
            ["execution.runtime-mode"] = "streaming",
            ["parallelism.default"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["state.backend.type"] = backend,
        };
        IReadOnlyList<object?[]> actual;
        try
        {
            actual = fixture.Engine.Run(query.Sql, settings);
        }
        catch (Exception e) when (e.Message.Contains("not supported in streaming mode", StringComparison.Ordinal))
        {
            // A construct streaming does not run yet: refused in one line before any row is written.
            Assert.DoesNotContain('\n', e.Message);
            return;
        }

        // A streaming result has no order: compare as a multiset even where the batch query is ordered.
        ResultComparison result = ResultComparer.Compare(query with { Ordered = false }, fixture.Expected(query), actual);
        Assert.True(result.Matches, result.Message + "\nFlink SQL (streaming):\n" + query.Sql);
    }

    private void Check(CorpusQuery query, int parallelism)
    {
        if (parallelism != 1)
        {
            query = query with { Settings = new Dictionary<string, string>(query.Settings) { ["parallelism.default"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        }

        IReadOnlyList<object?[]> expected = fixture.Expected(query);
        if (query.ExpectedError is { } expectedError)
        {
            // A feature VecFlow does not support yet: it must say so in one line, not fail halfway or answer wrongly.
            var refused = Assert.ThrowsAny<Exception>(() => fixture.Engine.Run(query.Sql, query.Settings));
            Assert.Contains(expectedError, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message);
            return;
        }

        IReadOnlyList<object?[]> actual;
        try
        {
            actual = fixture.Engine.Run(query.Sql, query.Settings);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new XunitException($"query '{query.Name}' ({query.Location}) failed on the engine under test: {e.GetType().Name}: {e.Message}\n{query.Sql}");
        }

        ResultComparison result = ResultComparer.Compare(query, expected, actual);
        Assert.True(result.Matches, result.Message + "\nFlink SQL:\n" + query.Sql);
    }
}
