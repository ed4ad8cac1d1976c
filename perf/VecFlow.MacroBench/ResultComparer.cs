using System.Globalization;
using System.Numerics;

namespace VecFlow.MacroBench;

/// <summary>Compares the rows of two engines: numbers by value (with a relative tolerance for floating point), the rest as text.</summary>
public static class ResultComparer
{
    private const double RelativeTolerance = 1e-9;

    /// <summary>Null when the rows agree, otherwise a one-line description of the first difference.</summary>
    public static string? Difference(IReadOnlyList<object?[]> vecflow, IReadOnlyList<object?[]> duckdb, bool ordered)
    {
        if (vecflow.Count != duckdb.Count)
        {
            return $"row counts differ: VecFlow {vecflow.Count}, DuckDB {duckdb.Count}";
        }

        List<object?[]> left = Normalize(vecflow, ordered);
        List<object?[]> right = Normalize(duckdb, ordered);
        for (int r = 0; r < left.Count; r++)
        {
            if (left[r].Length != right[r].Length)
            {
                return $"column counts differ: VecFlow {left[r].Length}, DuckDB {right[r].Length}";
            }

            for (int c = 0; c < left[r].Length; c++)
            {
                if (!CellsEqual(left[r][c], right[r][c]))
                {
                    return $"row {r}, column {c}: VecFlow {Text(left[r][c])}, DuckDB {Text(right[r][c])}";
                }
            }
        }

        return null;
    }

    private static List<object?[]> Normalize(IReadOnlyList<object?[]> rows, bool ordered)
    {
        List<object?[]> normalized = [.. rows.Select(row => row.Select(Canonical).ToArray())];
        if (!ordered)
        {
            // Sort by the text of the exact cells (doubles rounded) so both engines' rows line up.
            normalized.Sort((a, b) => string.CompareOrdinal(SortKey(a), SortKey(b)));
        }

        return normalized;
    }

    private static string SortKey(object?[] row) => string.Join('\u0001', row.Select(v => v is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : Text(v)));

    /// <summary>Integers and decimals as decimal, floating point as double, timestamps as DateTime, everything else as is.</summary>
    private static object? Canonical(object? value) => value switch
    {
        null => null,
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        BigInteger b => (decimal)b,
        Int128 i => (decimal)i,
        decimal d => d,
        float f => (double)f,
        double d => d,
        DateTimeOffset o => o.UtcDateTime,
        _ => value,
    };

    private static bool CellsEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => Math.Abs(x - y) <= RelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y)),
        (decimal x, double y) => CellsEqual((double)x, y),
        (double x, decimal y) => CellsEqual(x, (double)y),
        (DateTime x, DateTime y) => x.Ticks == y.Ticks,
        _ => Text(a) == Text(b),
    };

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
