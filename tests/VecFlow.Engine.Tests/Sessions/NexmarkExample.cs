using System.Globalization;
using System.Text.RegularExpressions;
using VecFlow.Engine.Sessions;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>The examples/nexmark queries as the session tests run them: ddl.sql with a fixed seed, 10k events, rows as sorted text.</summary>
internal static partial class NexmarkExample
{
    public static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    /// <summary>The text of example <paramref name="name"/> (q0 ... q22, or ddl).</summary>
    public static string Script(string name) => File.ReadAllText(Path.Combine(Examples, name + ".sql"));

    /// <summary>The query of the example's INSERT INTO ... SELECT.</summary>
    public static string SelectOf(string script)
    {
        Match insert = InsertInto().Match(script);
        Assert.True(insert.Success, "the example has no INSERT INTO ... SELECT");
        return script[(insert.Index + insert.Length)..].Trim().TrimEnd(';');
    }

    /// <summary>Where the example's INSERT INTO statement starts (what precedes it defines the example's own tables).</summary>
    public static int InsertIndex(string script) => InsertInto().Match(script).Index;

    /// <summary>A session in <paramref name="directory"/> with the seeded Nexmark tables, in <paramref name="mode"/> at <paramref name="parallelism"/> on <paramref name="backend"/> state.</summary>
    public static SqlSession Open(string directory, BufferPool pool, string mode, int parallelism, string backend, string? nexmarkDirectory = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["TPS"] = "1000",
            ["EVENTS_NUM"] = "10000",
            ["PERSON_PROPORTION"] = "1",
            ["AUCTION_PROPORTION"] = "3",
            ["BID_PROPORTION"] = "46",
            ["NEXMARK_TABLE"] = "nexmark",
            ["NEXMARK_DIR"] = nexmarkDirectory ?? directory,
            ["SUBMIT_TIME"] = "t",
        };
        var session = new SqlSession(variables, Path.Combine(directory, $"work-{mode}-{Guid.NewGuid():N}"), pool);
        try
        {
            session.Execute(Script("ddl").Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '7',", StringComparison.Ordinal));
            session.Execute($"SET 'execution.runtime-mode' = '{mode}'; SET 'parallelism.default' = '{parallelism}'; SET 'state.backend.type' = '{backend}';");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The rows of <paramref name="select"/>, each as '|'-joined invariant text, sorted (a multiset to compare).</summary>
    public static List<string> SortedRows(SqlSession session, string select)
    {
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"INSERT\s+INTO\s+\w+\s*", RegexOptions.IgnoreCase)]
    private static partial Regex InsertInto();
}
