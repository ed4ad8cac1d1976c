using System.Collections.Concurrent;
using VecFlow.Sql.Corpus.Tests.Data;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// Shared by the corpus tests of one run: the generated tables in a private temp directory, the loaded reference
/// engine and the engine under test. Tests read it, never change it.
/// </summary>
public sealed class CorpusFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<object?[]>> _expected = new(StringComparer.Ordinal);

    /// <summary>The seed of the generated data; fixed so that a failure reproduces.</summary>
    public const int Seed = 20_240_501;

    public CorpusFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "vecflow-corpus", Guid.NewGuid().ToString("N"));
        Data = CorpusDataSet.Create(Directory, Seed);
        Queries = CorpusCatalog.Queries;
        Reference = new DuckDbReference();
        Reference.Load(Data);
        Engine = CorpusEngineFactory.Create(Data, Queries);
        Engine.LoadTables(Data.FlinkDdlScript);
    }

    public string Directory { get; }

    public CorpusDataSet Data { get; }

    public IReadOnlyList<CorpusQuery> Queries { get; }

    public DuckDbReference Reference { get; }

    public ICorpusEngine Engine { get; }

    /// <summary>The reference rows of a query, computed on DuckDB once per run.</summary>
    public IReadOnlyList<object?[]> Expected(CorpusQuery query) =>
        _expected.GetOrAdd(query.Name, _ => Reference.Run(query.ReferenceSql));

    public void Dispose()
    {
        (Engine as IDisposable)?.Dispose();
        Reference.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }
}
