using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace VecFlow.Vector.Kernels;

/// <summary>Compiled patterns by their Java text, so a constant pattern is compiled once per process, not once per batch.</summary>
public static class RegexCache
{
    // Bounded: a job has a handful of constant patterns; a cache that only grows would leak across many ad-hoc queries.
    private const int Capacity = 512;

    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled form of <paramref name="pattern"/> (see <see cref="JavaRegex.Compile"/>).</summary>
    public static Regex Get(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out Regex? regex))
        {
            return regex;
        }

        regex = JavaRegex.Compile(pattern);
        if (Compiled.Count >= Capacity)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(pattern, regex);
    }
}
