namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>The collection that shares one <see cref="CorpusFixture"/> and runs its tests one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class CorpusRun : ICollectionFixture<CorpusFixture>
{
    public const string Name = "Corpus";
}
