using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;

namespace VecFlow.Vector.Kernels;

/// <summary>The one loop for string-to-INT functions: one value per row, 0 under NULL rows.</summary>
[SkipLocalsInit]
public static class StringMeasureDriver
{
    public static void Invoke<TMeasure>(ColumnVector strings, in TMeasure measure, Span<int> destination)
        where TMeasure : struct, IUtf8Measure
    {
        var rows = new Utf8Rows(strings);
        int n = rows.Length;
        if (destination.Length < n)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values for {n} rows.", nameof(destination));
        }

        ReadOnlySpan<ulong> validity = strings.Validity;
        for (int i = 0; i < n; i++)
        {
            destination[i] = validity.IsEmpty || Bits.Get(validity, i) ? measure.Measure(rows[i]) : 0;
        }
    }
}
