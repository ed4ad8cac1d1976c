using System.Globalization;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>The command line of a Nexmark streaming benchmark run (<c>VecFlow.MacroBench nexmark ...</c>).</summary>
public sealed record StreamBenchOptions(long Events, int Parallelism, IReadOnlyList<string> Queries, double LatencySeconds, string? OutputDirectory)
{
    public const string Usage =
        "usage: VecFlow.MacroBench nexmark [--events N (default 10000000)] [--parallelism P (default 2)] [--queries q0,q5,... (default all)] [--latency-seconds S (rate-limited latency run per query, default 20; 0: none)] [--out directory]";

    public static IReadOnlyList<string> AllQueries { get; } = [.. Enumerable.Range(0, 23).Select(i => string.Create(CultureInfo.InvariantCulture, $"q{i}"))];

    public static StreamBenchOptions Parse(IReadOnlyList<string> args)
    {
        long events = 10_000_000;
        int parallelism = 2;
        IReadOnlyList<string> queries = AllQueries;
        double latencySeconds = 20;
        string? output = null;
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
                    queries = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
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
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'; {Usage}");
            }

            i++;
        }

        return new StreamBenchOptions(events, parallelism, queries, latencySeconds, output);
    }

    private static long Positive(string option, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0
            ? n
            : throw new ArgumentException($"option '{option}' must be a positive integer, not '{value}'");
}
