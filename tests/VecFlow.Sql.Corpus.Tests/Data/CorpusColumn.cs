namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>One column of a generated table.</summary>
public sealed record CorpusColumn(string Name, CorpusType Type, bool Nullable = true);
