using System.Globalization;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>Durations written as Flink writes them in options: "10s", "500 ms", "1min", "2h", "1d"; a plain number is milliseconds.</summary>
public static class FlinkDuration
{
    private static readonly (string Unit, long Millis)[] Units =
    [
        ("ms", 1), ("milli", 1), ("millis", 1), ("millisecond", 1), ("milliseconds", 1),
        ("s", 1000), ("sec", 1000), ("secs", 1000), ("second", 1000), ("seconds", 1000),
        ("min", 60_000), ("mins", 60_000), ("m", 60_000), ("minute", 60_000), ("minutes", 60_000),
        ("h", 3_600_000), ("hour", 3_600_000), ("hours", 3_600_000),
        ("d", 86_400_000), ("day", 86_400_000), ("days", 86_400_000),
    ];

    /// <summary>Parses <paramref name="text"/>, or throws an <see cref="ArgumentException"/> naming the option and what would be valid.</summary>
    public static TimeSpan Parse(string option, string text)
    {
        string t = text.Trim().ToLowerInvariant();
        int split = 0;
        while (split < t.Length && char.IsAsciiDigit(t[split]))
        {
            split++;
        }

        string unit = t[split..].Trim();
        if (split > 0 && long.TryParse(t.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            if (unit.Length == 0)
            {
                return TimeSpan.FromMilliseconds(amount);
            }

            foreach (var (name, millis) in Units)
            {
                if (unit == name)
                {
                    return TimeSpan.FromMilliseconds(checked(amount * millis));
                }
            }
        }

        throw new ArgumentException($"'{option}' must be a duration such as '10s', '500ms', '1min' or '1h', not '{text}'.");
    }
}
