using System.Globalization;

namespace VecFlow.MacroBench;

/// <summary>The command line of one benchmark run.</summary>
public sealed record BenchOptions(long Rows, int Repeat, int Warmup, string? Filter, string? OutputDirectory)
{
    /// <summary>VecFlow's subtasks per operator ('parallelism.default'); DuckDB's thread counts are fixed.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Session options for VecFlow (<c>--set key=value</c>), e.g. to turn a planner rule off for an A/B run.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public const string Usage = "usage: VecFlow.MacroBench [--rows N (default 10000000)] [--repeat K (best of K, default 3)] [--warmup W (default 1)] [--filter name] [--out directory] [--parallelism P (VecFlow, default 1)] [--set key=value]...";

    public static BenchOptions Parse(string[] args)
    {
        long rows = 10_000_000;
        int repeat = 3;
        int warmup = 1;
        string? filter = null;
        string? output = null;
        int parallelism = 1;
        var settings = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"option '{args[i]}' needs a value; {Usage}");
            switch (args[i])
            {
                case "--rows":
                    rows = PositiveLong(args[i], value);
                    break;
                case "--repeat":
                    repeat = (int)PositiveLong(args[i], value);
                    break;
                case "--warmup":
                    warmup = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long w) && w >= 0
                        ? (int)w
                        : throw new ArgumentException($"option '--warmup' must be a count >= 0, not '{value}'");
                    break;
                case "--filter":
                    filter = value;
                    break;
                case "--out":
                    output = value;
                    break;
                case "--set" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    settings[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                case "--parallelism":
                    parallelism = (int)PositiveLong(args[i], value);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'; {Usage}");
            }

            i++;
        }

        return new BenchOptions(rows, repeat, warmup, filter, output) { Parallelism = parallelism, Settings = settings };
    }

    private static long PositiveLong(string option, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0
            ? n
            : throw new ArgumentException($"option '{option}' must be a positive integer, not '{value}'");
}
