using System.Collections.Concurrent;

namespace VecFlow.Vector.Kernels;

/// <summary>Compiled date formats by pattern text, so a constant format is compiled once per process, not once per batch.</summary>
public static class DateFormatCache
{
    private const int Capacity = 256;

    private static readonly ConcurrentDictionary<string, JavaDateFormat> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled <paramref name="pattern"/> (see <see cref="JavaDateFormat.Compile"/>).</summary>
    public static JavaDateFormat Get(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out JavaDateFormat? format))
        {
            return format;
        }

        format = JavaDateFormat.Compile(pattern);
        if (Compiled.Count >= Capacity)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(pattern, format);
    }
}
