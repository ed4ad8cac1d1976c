namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>The corpus files copied next to the test assembly, read once per run.</summary>
public static class CorpusCatalog
{
    private static readonly Lazy<IReadOnlyList<CorpusQuery>> All = new(() => CorpusReader.ReadDirectory(QueriesDirectory));

    public static string QueriesDirectory => Path.Combine(AppContext.BaseDirectory, "Queries");

    public static IReadOnlyList<CorpusQuery> Queries => All.Value;

    public static CorpusQuery Get(string name) =>
        Queries.FirstOrDefault(q => q.Name == name) ?? throw new ArgumentException($"no corpus query named '{name}'", nameof(name));
}
