using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Nexmark q13 (bids joined with a side-input file FOR SYSTEM_TIME AS OF their processing time): the same rows in batch and streaming mode.</summary>
public sealed class NexmarkTemporalJoinTests : EngineTest
{
    [Theory]
    [InlineData(1, "hashmap")]
    [InlineData(2, "rocksdb")]
    public void Q13_gives_the_batch_rows_in_streaming_mode(int parallelism, string backend)
    {
        List<string> batch = Rows("batch", parallelism, backend, out long bidsWithKey);
        List<string> streaming = Rows("streaming", parallelism, backend, out _);

        // Keys that are multiples of 7 are missing from the side input, so those bids find no partner.
        Assert.Equal(bidsWithKey, batch.Count);
        Assert.True(batch.Count > 1000, $"only {batch.Count} rows");
        Assert.All(batch, r => Assert.EndsWith("|v" + (long.Parse(r.Split('|')[0], CultureInfo.InvariantCulture) % 10_000).ToString(CultureInfo.InvariantCulture), r, StringComparison.Ordinal));
        Assert.Equal(batch, streaming);
    }

    [Fact]
    public void Q13_plans_a_lookup_join_chained_onto_the_bids_in_streaming_mode()
    {
        using SqlSession session = Session("streaming", 2, "hashmap");
        string plan = string.Join('\n', session.Execute("EXPLAIN " + NexmarkExample.SelectOf(Script())).Select(r => r.Message));

        Assert.Contains("LookupJoin(table=[side_input]", plan, StringComparison.Ordinal);
        // One vertex: the bids' source, their calc and the lookup join, with no vertex reading side_input.
        Assert.DoesNotContain("Vertex 1", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Q13_runs_as_an_insert_in_streaming_mode()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");
        IReadOnlyList<StatementResult> results = session.Execute(Script()[NexmarkExample.InsertIndex(Script())..]);
        Assert.Contains(results, r => r.Kind == "INSERT");
    }

    private List<string> Rows(string mode, int parallelism, string backend, out long bidsWithKey)
    {
        using SqlSession session = Session(mode, parallelism, backend);
        List<string> rows = NexmarkExample.SortedRows(session, NexmarkExample.SelectOf(Script()));
        bidsWithKey = mode == "batch" ? (long)session.Query("SELECT COUNT(*) FROM bid WHERE MOD(MOD(auction, 10000), 7) <> 0").Rows[0][0]! : 0;
        return rows;
    }

    private static string Script() => NexmarkExample.Script("q13");

    /// <summary>A session with the Nexmark tables, q13's side input (keys 0..9999 except multiples of 7) and q13's tables.</summary>
    private SqlSession Session(string mode, int parallelism, string backend)
    {
        string nexmarkDir = Path.Combine(Directory, "nexmark");
        string sideInput = Path.Combine(nexmarkDir, "data", "side_input.txt");
        if (!File.Exists(sideInput))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(sideInput)!);
            File.WriteAllLines(sideInput, Enumerable.Range(0, 10_000).Where(k => k % 7 != 0).Select(k => $"{k},v{k}"));
        }

        SqlSession session = NexmarkExample.Open(Directory, Pool, mode, parallelism, backend, nexmarkDir);
        try
        {
            string script = Script();
            session.Execute(script[..NexmarkExample.InsertIndex(script)]);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
