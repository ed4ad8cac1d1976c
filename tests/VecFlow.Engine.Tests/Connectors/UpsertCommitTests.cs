using VecFlow.Engine.Connectors.Filesystem;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>Per key group, the upsert file of the largest checkpoint wins: whatever the commit order, repetition or change of ranges.</summary>
public sealed class UpsertCommitTests : EngineTest
{
    [Fact]
    public void A_commit_at_another_parallelism_replaces_every_overlapping_older_file_and_repeating_it_changes_nothing()
    {
        Commit(Prepare(0, 127, 5));
        Assert.Equal(["part-kg0-127-chk5.csv"], Visible());

        // Rescaled to 2: both halves replace the single file; then a recovered job commits the same checkpoint again.
        UpsertFile[] rescaled = [Prepare(0, 63, 7), Prepare(64, 127, 7)];
        Commit(rescaled);
        Commit(rescaled);
        Assert.Equal(["part-kg0-63-chk7.csv", "part-kg64-127-chk7.csv"], Visible());
        Assert.Equal("0-63@7", File.ReadAllText(Path.Combine(Directory, "part-kg0-63-chk7.csv")));

        // Back to 1: the whole range replaces both halves.
        Commit(Prepare(0, 127, 9));
        Assert.Equal(["part-kg0-127-chk9.csv"], Visible());
        Assert.Empty(System.IO.Directory.EnumerateFiles(Directory, ".*"));
    }

    [Fact]
    public void An_older_file_committed_late_or_with_a_newer_one_is_dropped_never_published()
    {
        UpsertFile older = Prepare(0, 63, 3);
        UpsertFile aborted = Prepare(64, 127, 2);
        Commit(Prepare(0, 63, 4), Prepare(64, 127, 4), aborted);
        Commit(older);

        Assert.Equal(["part-kg0-63-chk4.csv", "part-kg64-127-chk4.csv"], Visible());
        Assert.Empty(System.IO.Directory.EnumerateFiles(Directory, ".*"));
    }

    [Fact]
    public void A_committed_file_that_is_gone_without_a_newer_one_is_an_error_naming_it()
    {
        UpsertFile file = Prepare(0, 127, 5);
        File.Delete(file.Temporary);

        var error = Assert.Throws<VecFlow.Engine.Connectors.ConnectorException>(() => Commit(file));
        Assert.Contains("part-kg0-127-chk5.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_upsert_files_are_left_alone()
    {
        File.WriteAllText(Path.Combine(Directory, "part-0-abc.csv"), "x");
        Commit(Prepare(0, 127, 1));

        Assert.Equal(["part-0-abc.csv", "part-kg0-127-chk1.csv"], Visible());
    }

    private UpsertFile Prepare(int first, int last, long checkpoint)
    {
        var file = new UpsertFile(Directory, first, last, checkpoint, "csv");
        File.WriteAllText(file.Temporary, $"{first}-{last}@{checkpoint}");
        return file;
    }

    private static void Commit(params UpsertFile[] files) =>
        UpsertCommit.Apply("t", files.Select(f => f.Committable).Select(UpsertFile.FromCommittable));

    private List<string> Visible() =>
        [.. System.IO.Directory.EnumerateFiles(Directory).Select(f => Path.GetFileName(f)!).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)];
}
