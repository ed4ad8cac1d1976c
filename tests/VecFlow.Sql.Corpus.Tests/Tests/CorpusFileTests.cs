using System.Text.RegularExpressions;
using VecFlow.Sql.Corpus.Tests.Harness;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>The corpus files themselves: they parse, are large enough, and say what they mean.</summary>
public sealed partial class CorpusFileTests
{
    [Fact]
    public void Corpus_has_at_least_200_queries_with_unique_names()
    {
        IReadOnlyList<CorpusQuery> queries = CorpusCatalog.Queries;

        Assert.True(queries.Count >= 200, $"the corpus has {queries.Count} queries; it needs at least 200");
        string[] duplicates = [.. queries.GroupBy(q => q.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({string.Join(", ", g.Select(q => q.Location))})")];
        Assert.True(duplicates.Length == 0, "duplicate query names: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void Corpus_covers_every_area_file()
    {
        string[] areas =
        [
            "filter.sql", "project.sql", "functions.sql", "aggregate.sql", "distinct.sql", "join.sql", "subquery.sql",
            "setops.sql", "orderlimit.sql", "topn.sql", "window_tvf.sql", "group_window.sql", "over.sql", "nulls.sql",
            "empty.sql", "skew.sql", "spill.sql",
        ];

        var filesWithQueries = CorpusCatalog.Queries.Select(q => q.File).ToHashSet();
        Assert.All(areas, a => Assert.Contains(a, filesWithQueries));
    }

    [Fact]
    public void Ordered_queries_have_an_order_by_on_both_sides()
    {
        string[] wrong = [.. CorpusCatalog.Queries
            .Where(q => q.Ordered && !(OrderBy().IsMatch(q.Sql) && OrderBy().IsMatch(q.ReferenceSql)))
            .Select(q => $"{q.Name} ({q.Location})")];

        Assert.True(wrong.Length == 0, "'-- ordered' queries without ORDER BY: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Spill_queries_set_a_small_memory_budget()
    {
        string[] wrong = [.. CorpusCatalog.Queries
            .Where(q => q.File == "spill.sql" && q.Settings.Count == 0)
            .Select(q => $"{q.Name} ({q.Location})")];

        Assert.True(wrong.Length == 0, "spill queries without a '-- setting:': " + string.Join(", ", wrong));
    }

    [Fact]
    public void Flink_queries_parse_with_the_VecFlow_parser()
    {
        var failures = new List<string>();
        foreach (CorpusQuery query in CorpusCatalog.Queries)
        {
            try
            {
                SqlParser.ParseQuery(query.Sql);
            }
            catch (SqlParseException e)
            {
                failures.Add($"{query.Name} ({query.Location}): {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} Flink queries do not parse:\n" + string.Join("\n", failures));
    }

    [GeneratedRegex(@"\bORDER\s+BY\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrderBy();
}
