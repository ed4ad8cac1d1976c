using System.Diagnostics;
using System.Globalization;
using VecFlow.MacroBench;
using VecFlow.MacroBench.Nexmark;

// Runs the same batch queries on VecFlow and on DuckDB over the same Parquet data and writes perf/results/macro.md/json;
// `nexmark ...` runs the Nexmark streaming benchmark instead (perf/results/nexmark.md/json).
if (args.Length > 0 && args[0] == NexmarkStreamBench.Command)
{
    return NexmarkStreamBench.RunAll(args[1..]);
}

if (args.Length > 0 && args[0] == NexmarkStreamBench.ChildCommand)
{
    return NexmarkStreamBench.RunChild(args[1..]);
}

if (args.Length > 0 && args[0] == NexmarkStreamBench.RecoveryCommand)
{
    return NexmarkStreamBench.RunRecovery(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string command = "dotnet run -c Release --project perf/VecFlow.MacroBench --" + string.Concat(args.Select(a => " " + a));
string results = options.OutputDirectory ?? MacroReport.FindResultsDirectory();
List<MacroQuery> queries = [.. MacroQueries.All.Where(q => options.Filter is null || q.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase))];
if (queries.Count == 0)
{
    Console.Error.WriteLine($"no query matches '{options.Filter}'; the queries are {string.Join(", ", MacroQueries.All.Select(q => q.Name))}");
    return 2;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {options.Rows:N0} bids as Parquet ..."));
var generation = Stopwatch.StartNew();
using BidData data = BidData.Generate(options.Rows);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  done in {generation.Elapsed.TotalSeconds:0.0} s: {data.BidsPath} ({new FileInfo(data.BidsPath).Length / (1 << 20)} MB)"));

using var vecflow = new VecFlowEngine(data, options.Parallelism);
foreach ((string key, string value) in options.Settings)
{
    vecflow.Set(key, value);
}

using var duckdb1 = new DuckDbEngine(data, threads: 1);
using var duckdb2 = new DuckDbEngine(data, threads: 2);
var measurements = new List<QueryMeasurement>();
foreach (MacroQuery query in queries)
{
    Console.WriteLine($"{query.Name}:");
    (QueryRun? v, string? vError) = Measure("VecFlow", () => vecflow.Run(query.FlinkSql), options);
    (QueryRun? d1, string? d1Error) = Measure("DuckDB 1 thread", () => duckdb1.Run(query.DuckDbSql), options);
    (QueryRun? d2, string? d2Error) = Measure("DuckDB 2 threads", () => duckdb2.Run(query.DuckDbSql), options);
    string? difference = v is not null && d1 is not null ? ResultComparer.Difference(v.Rows, d1.Rows, query.Ordered) : null;
    if (difference is not null)
    {
        Console.WriteLine($"  WARNING: the answers differ: {difference}");
    }

    measurements.Add(new QueryMeasurement(
        query.Name,
        query.Description,
        v?.Elapsed.TotalMilliseconds,
        vError,
        d1?.Elapsed.TotalMilliseconds,
        d2?.Elapsed.TotalMilliseconds,
        d1Error ?? d2Error,
        d1?.Rows.Count ?? v?.Rows.Count,
        difference,
        v?.Cpu.TotalMilliseconds,
        d1?.Cpu.TotalMilliseconds));
    // Written after every query so a run cut short still leaves its figures.
    MacroReport.Write(results, options, command, measurements, finished: false);
}

MacroReport.Write(results, options, command, measurements, finished: true);
Console.WriteLine($"Wrote {Path.Combine(results, "macro.md")} and macro.json");
return 0;

// Best of options.Repeat runs after options.Warmup warm-up runs; an engine's failure becomes its error text.
static (QueryRun? Best, string? Error) Measure(string engine, Func<QueryRun> run, BenchOptions options)
{
    try
    {
        for (int i = 0; i < options.Warmup; i++)
        {
            run();
        }

        QueryRun? best = null;
        TimeSpan leastCpu = TimeSpan.MaxValue;
        for (int i = 0; i < options.Repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            QueryRun current = run();
            leastCpu = current.Cpu < leastCpu ? current.Cpu : leastCpu;
            if (best is null || current.Elapsed < best.Elapsed)
            {
                best = current;
            }
        }

        best = best! with { Cpu = leastCpu };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {engine,-17} {best.Elapsed.TotalMilliseconds,10:N1} ms  {best.Cpu.TotalMilliseconds,10:N1} ms CPU  {best.Rows.Count} rows"));
        return (best, null);
    }
    catch (Exception e)
    {
        Console.WriteLine($"  {engine,-17} FAILED: {e.GetType().Name}: {e.Message}");
        return (null, $"{e.GetType().Name}: {e.Message}");
    }
}
