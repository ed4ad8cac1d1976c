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

    [CorpusTheory]
    [MemberData(nameof(QueryNames))]
    public void Corpus_query_matches_duckdb(string name)
    {
        CorpusQuery query = CorpusCatalog.Get(name);
        IReadOnlyList<object?[]> expected = fixture.Expected(query);

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
