using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>The Nexmark streaming benchmark: each query of examples/nexmark in its own process, at full speed and then rate-limited for latency.</summary>
/// <remarks>
/// One child process per run, so CPU time and peak working set belong to that query alone (process-wide figures, the
/// generator included, as Flink's Nexmark reports them). The parent writes perf/results/nexmark.{md,json} after every
/// query, so a run cut short still leaves its figures.
/// </remarks>
public static class NexmarkStreamBench
{
    public const string Command = "nexmark";
    public const string ChildCommand = "nexmark-run";
    public const string RecoveryCommand = "nexmark-recovery";
    private const string ResultPrefix = "RESULT ";

    public static int RunAll(IReadOnlyList<string> args)
    {
        // The queries are the repository's examples/nexmark: say so before any child dies looking for them.
        if (MacroReport.FindRepository() is null)
        {
            Console.Error.WriteLine($"examples/nexmark not found: no VecFlow.sln above the program ({AppContext.BaseDirectory}) or the working directory ({Directory.GetCurrentDirectory()}); run it from inside the repository.");
            return 2;
        }

        StreamBenchOptions options;
        try
        {
            options = StreamBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string command = "dotnet run -c Release --project perf/VecFlow.MacroBench -- nexmark" + string.Concat(args.Select(a => " " + a));
        string results = options.OutputDirectory ?? MacroReport.FindResultsDirectory();
        if (options.CheckpointInterval is { } interval)
        {
            return RunCheckpointing(options, interval, command, results);
        }

        var measurements = new List<StreamQueryMeasurement>();
        foreach (string query in options.Queries)
        {
            Console.Write($"{query}: ");
            StreamRunResult full = RunChild(query, options.Events, options.Parallelism, rate: null);
            long? rate = null;
            StreamRunResult? paced = null;
            if (full.Status == StreamRunResult.Ok && options.LatencySeconds > 0 && full.WallSeconds > 0)
            {
                rate = Math.Max(1, (long)(full.Events / full.WallSeconds / 2));
                long events = Math.Max(1000, (long)(rate.Value * options.LatencySeconds));
                paced = RunChild(query, events, options.Parallelism, rate);
            }

            var measurement = new StreamQueryMeasurement(query, full, rate, paced);
            measurements.Add(measurement);
            Console.WriteLine(Describe(measurement));
            NexmarkReport.Write(results, options, command, measurements);
        }

        Console.WriteLine($"Wrote {Path.Combine(results, "nexmark.md")} and nexmark.json");
        return 0;
    }

    /// <summary>Each query without and with checkpoints (in one run, so the ratio is fair on a shared machine), then the recovery run.</summary>
    private static int RunCheckpointing(StreamBenchOptions options, string interval, string command, string results)
    {
        var comparisons = new List<CheckpointComparison>();
        RecoveryResult? recovery = null;
        foreach (string query in options.Queries)
        {
            Console.Write($"{query}: ");
            StreamRunResult without = RunChild(query, options.Events, options.Parallelism, rate: null);
            StreamRunResult with = RunChild(query, options.Events, options.Parallelism, rate: null, interval);
            var comparison = new CheckpointComparison(query, without, with);
            comparisons.Add(comparison);
            Console.WriteLine(CheckpointReport.Describe(comparison));
            CheckpointReport.Write(results, options, command, comparisons, recovery);
        }

        if (options.RecoveryStateMb > 0)
        {
            Console.Write(Text($"recovery ({options.RecoveryStateMb} MB of state): "));
            recovery = RunRecoveryChild(options, interval);
            Console.WriteLine(CheckpointReport.Describe(recovery));
            CheckpointReport.Write(results, options, command, comparisons, recovery);
        }

        Console.WriteLine($"Wrote {Path.Combine(results, "checkpointing.md")} and checkpointing.json");
        return 0;
    }

    /// <summary>The child side of the recovery run: prints its <see cref="RecoveryResult"/> as one JSON line.</summary>
    public static int RunRecovery(IReadOnlyList<string> args)
    {
        // nexmark-recovery EVENTS PARALLELISM INTERVAL STATE_MB
        long events = long.Parse(args[0], CultureInfo.InvariantCulture);
        int parallelism = int.Parse(args[1], CultureInfo.InvariantCulture);
        long stateBytes = long.Parse(args[3], CultureInfo.InvariantCulture) << 20;
        RecoveryResult result = RecoveryRunner.Run(ExamplesDirectory(), events, parallelism, args[2], stateBytes);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>The child side: runs one query and prints its <see cref="StreamRunResult"/> as one JSON line.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        // nexmark-run QUERY EVENTS PARALLELISM [RATE|-] [CHECKPOINT-INTERVAL]
        string query = args[0];
        long events = long.Parse(args[1], CultureInfo.InvariantCulture);
        int parallelism = int.Parse(args[2], CultureInfo.InvariantCulture);
        long? rate = args.Count > 3 && args[3] != "-" ? long.Parse(args[3], CultureInfo.InvariantCulture) : null;
        string? interval = args.Count > 4 ? args[4] : null;
        StreamRunResult result = StreamQueryRunner.Run(ExamplesDirectory(), query, events, parallelism, rate, interval);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    private static StreamRunResult RunChild(string query, long events, int parallelism, long? rate, string? interval = null)
    {
        string[] arguments = [ChildCommand, query, Text(events), Text(parallelism), rate is { } r ? Text(r) : "-", .. interval is null ? Array.Empty<string>() : [interval]];
        (string? line, int exitCode, string error) = Spawn(arguments);
        return line is not null
            ? JsonSerializer.Deserialize<StreamRunResult>(line)!
            : new StreamRunResult(StreamRunResult.Failed, $"the run exited with code {exitCode}: {Last(error)}", 0, 0, 0, 0, 0, 0, null, null);
    }

    private static RecoveryResult RunRecoveryChild(StreamBenchOptions options, string interval)
    {
        (string? line, int exitCode, string error) = Spawn([RecoveryCommand, Text(options.RecoveryEvents), Text(options.Parallelism), interval, Text(options.RecoveryStateMb)]);
        return line is not null
            ? JsonSerializer.Deserialize<RecoveryResult>(line)!
            : new RecoveryResult(StreamRunResult.Failed, $"the run exited with code {exitCode}: {Last(error)}", null, 0, 0, 0, 0, null, null, null, 0, 0, [], []);
    }

    /// <summary>Runs this program as a child with <paramref name="arguments"/>; its result line (without the prefix), exit code and standard error.</summary>
    private static (string? Line, int ExitCode, string Error) Spawn(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        string entry = Environment.GetCommandLineArgs()[0];
        // Under the dotnet host the entry assembly is an argument; an apphost (dotnet run) is the program itself.
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            && Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        foreach (string arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        Task<string> error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        return (line?[ResultPrefix.Length..], child.ExitCode, error.Result);
    }

    private static string ExamplesDirectory() =>
        MacroReport.FindRepository() is { } repository
            ? Path.Combine(repository, "examples", "nexmark")
            : throw new DirectoryNotFoundException(
                $"examples/nexmark not found: no VecFlow.sln above the program ({AppContext.BaseDirectory}) or the working directory ({Directory.GetCurrentDirectory()}); run it from inside the repository.");

    private static string Describe(StreamQueryMeasurement m)
    {
        StreamRunResult t = m.Throughput;
        if (t.Status != StreamRunResult.Ok)
        {
            return t.Status == StreamRunResult.NotSupported ? "not supported in streaming" : "FAILED: " + t.Message;
        }

        string latency = m.Latency is { Status: StreamRunResult.Ok, LatencyP50Ms: { } p50, LatencyP99Ms: { } p99 }
            ? Text($"; at {m.LatencyRate:N0} ev/s latency p50 {p50:N0} ms, p99 {p99:N0} ms")
            : m.Latency is { } l ? "; latency run: " + (l.Message ?? "no samples") : string.Empty;
        return Text($"{m.EventsPerSecond:N0} ev/s, {m.EventsPerCpuSecond:N0} ev/CPU-s, {t.CpuSeconds:N1} CPU s, peak {t.PeakWorkingSetBytes / (1 << 20):N0} MB") + latency;
    }

    private static string Last(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
