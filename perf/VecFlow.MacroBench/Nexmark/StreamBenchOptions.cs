using System.Globalization;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>The command line of a Nexmark streaming benchmark run (<c>VecFlow.MacroBench nexmark ...</c>).</summary>
/// <param name="Events">Events per run.</param>
/// <param name="Parallelism">The jobs' parallelism.</param>
/// <param name="Queries">The queries to run.</param>
/// <param name="LatencySeconds">Length of the rate-limited latency run per query (0: none).</param>
/// <param name="OutputDirectory">Where the report goes (default perf/results).</param>
/// <param name="CheckpointInterval">
/// A Flink duration ('10s'): each query runs twice, without and with checkpoints at this interval, and the report is
/// perf/results/checkpointing.md instead of nexmark.md; null: the plain benchmark.
/// </param>
/// <param name="RecoveryStateMb">With a checkpoint interval: also measure recovery of a stateful query once its checkpointed state reaches this many MB (0: no recovery run).</param>
/// <param name="RecoveryEvents">Events the recovery run's source may generate at most (it is cancelled once it has recovered).</param>
public sealed record StreamBenchOptions(
    long Events,
    int Parallelism,
    IReadOnlyList<string> Queries,
    double LatencySeconds,
    string? OutputDirectory,
    string? CheckpointInterval = null,
    long RecoveryStateMb = 0,
    long RecoveryEvents = 200_000_000)
{
    public const string Usage =
        "usage: VecFlow.MacroBench nexmark [--events N (default 10000000)] [--parallelism P (default 2)] [--queries q0,q5,... (default all; 'none' for no query)] [--latency-seconds S (rate-limited latency run per query, default 20; 0: none)] [--out directory] [--checkpoint-interval 10s (run each query without and with checkpoints; writes checkpointing.md)] [--recovery-state-mb MB (with --checkpoint-interval: recovery of a stateful query with that much state)] [--recovery-events N (default 200000000)]";

    /// <summary>The queries the checkpointing comparison runs unless --queries says otherwise.</summary>
    public static IReadOnlyList<string> CheckpointQueries { get; } = ["q5", "q7", "q17"];

    public static IReadOnlyList<string> AllQueries { get; } = [.. Enumerable.Range(0, 23).Select(i => string.Create(CultureInfo.InvariantCulture, $"q{i}"))];

    public static StreamBenchOptions Parse(IReadOnlyList<string> args)
    {
        long events = 10_000_000;
        int parallelism = 2;
        IReadOnlyList<string> queries = AllQueries;
        double latencySeconds = 20;
        string? output = null;
        string? interval = null;
        long recoveryMb = 0;
        long recoveryEvents = 200_000_000;
        bool queriesGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"option '{args[i]}' needs a value; {Usage}");
            switch (args[i])
            {
                case "--events":
                    events = Positive(args[i], value);
                    break;
                case "--parallelism":
                    parallelism = (int)Positive(args[i], value);
                    break;
                case "--queries":
                    queriesGiven = true;
                    queries = value == "none" ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    if (queries.FirstOrDefault(q => !AllQueries.Contains(q)) is { } unknown)
                    {
                        throw new ArgumentException($"unknown query '{unknown}' in --queries; the queries are q0 to q22");
                    }

                    break;
                case "--latency-seconds":
                    latencySeconds = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0
                        ? s
                        : throw new ArgumentException($"option '--latency-seconds' must be a number of seconds >= 0, not '{value}'");
                    break;
                case "--out":
                    output = value;
                    break;
                case "--checkpoint-interval":
                    interval = VecFlow.Engine.Execution.Checkpointing.FlinkDuration.Parse("--checkpoint-interval", value) > TimeSpan.Zero
                        ? value
                        : throw new ArgumentException($"option '--checkpoint-interval' must be a positive duration such as '10s', not '{value}'");
                    break;
                case "--recovery-state-mb":
                    recoveryMb = Positive(args[i], value);
                    break;
                case "--recovery-events":
                    recoveryEvents = Positive(args[i], value);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'; {Usage}");
            }

            i++;
        }

        if (recoveryMb > 0 && interval is null)
        {
            throw new ArgumentException("option '--recovery-state-mb' needs '--checkpoint-interval' (the recovery restores from a checkpoint)");
        }

        if (interval is not null && !queriesGiven)
        {
            queries = CheckpointQueries;
        }

        return new StreamBenchOptions(events, parallelism, queries, latencySeconds, output, interval, recoveryMb, recoveryEvents);
    }

    private static long Positive(string option, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0
            ? n
            : throw new ArgumentException($"option '{option}' must be a positive integer, not '{value}'");
}
