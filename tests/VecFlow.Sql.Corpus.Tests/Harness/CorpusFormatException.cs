namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>A corpus file does not follow the corpus format; the message names the file, the line and what is valid.</summary>
public sealed class CorpusFormatException(string message) : Exception(message);
