using Xunit.Sdk;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>A theory whose test cases are named by their first argument alone (the corpus query name).</summary>
[XunitTestCaseDiscoverer("VecFlow.Sql.Corpus.Tests.Harness.CorpusTheoryDiscoverer", "VecFlow.Sql.Corpus.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CorpusTheoryAttribute : TheoryAttribute;
