using Xunit.Abstractions;
using Xunit.Sdk;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>Discovers <see cref="CorpusTheoryAttribute"/> theories as one <see cref="CorpusQueryTestCase"/> per data row.</summary>
public sealed class CorpusTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        [new CorpusQueryTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow)];
}
