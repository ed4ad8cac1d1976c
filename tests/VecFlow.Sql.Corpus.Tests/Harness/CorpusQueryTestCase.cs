using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>A test case displayed as its corpus query name, so runners and filters show 'agg_sum_by_status', not the method.</summary>
public sealed class CorpusQueryTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public CorpusQueryTestCase()
    {
    }

    public CorpusQueryTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        object[] testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        TestMethodArguments is [string name, ..] ? name : base.GetDisplayName(factAttribute, displayName);
}
