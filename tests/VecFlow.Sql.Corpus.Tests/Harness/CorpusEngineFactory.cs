using VecFlow.Sql.Corpus.Tests.Data;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>The one place that decides which engine the corpus tests: swap the line in <see cref="Create"/> for VecFlow.</summary>
public static class CorpusEngineFactory
{
    /// <summary>A fresh engine for the corpus run; it owns nothing the caller has to load beyond the DDL script.</summary>
    public static ICorpusEngine Create(CorpusDataSet data, IReadOnlyList<CorpusQuery> corpus) =>
        new VecFlowCorpusEngine();
}
