using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Tests.Operators.Sort;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Over;

/// <summary>OVER windows computed the obvious way: per partition, per row, the frame's rows listed and aggregated.</summary>
internal static class OverReference
{
    public static List<object?[]> Compute(List<object?[]> rows, int[] partition, List<SortKey> order, IReadOnlyList<OverCall> calls)
    {
        var partitionOrder = new ReferenceOrder([.. partition.Select(SortKey.Ascending)]);
        var orderComparer = new ReferenceOrder(order);
        var result = new List<object?[]>();
        foreach (var group in rows.GroupBy(r => string.Join("\u0001", partition.Select(c => Key(r[c])))).OrderBy(g => g.First(), partitionOrder))
        {
            List<object?[]> sorted = [.. group.OrderBy(r => r, orderComparer)];
            int[] peerStarts = new int[sorted.Count];
            int[] peerEnds = new int[sorted.Count];
            long[] denseRanks = new long[sorted.Count];
            for (int i = 0; i < sorted.Count; i++)
            {
                bool peer = i > 0 && orderComparer.Compare(sorted[i - 1], sorted[i]) == 0;
                peerStarts[i] = peer ? peerStarts[i - 1] : i;
                denseRanks[i] = i == 0 ? 1 : peer ? denseRanks[i - 1] : denseRanks[i - 1] + 1;
            }

            for (int i = sorted.Count - 1; i >= 0; i--)
            {
                peerEnds[i] = i + 1 < sorted.Count && peerStarts[i + 1] == peerStarts[i] ? peerEnds[i + 1] : i;
            }

            for (int i = 0; i < sorted.Count; i++)
            {
                int peerStart = peerStarts[i];
                int peerEnd = peerEnds[i];
                long dense = denseRanks[i];
                object?[] output = [.. sorted[i], .. calls.Select(call => call.Function switch
                {
                    OverFunction.RowNumber => (object?)(long)(i + 1),
                    OverFunction.Rank => (long)(peerStart + 1),
                    OverFunction.DenseRank => (long)dense,
                    _ => Aggregate(call, Frame(call.Frame, sorted, i, peerStart, peerEnd, order)),
                })];
                result.Add(output);
            }
        }

        return result;
    }

    private static List<object?[]> Frame(OverFrame frame, List<object?[]> sorted, int i, int peerStart, int peerEnd, List<SortKey> order)
    {
        if (frame.Unit == OverFrameUnit.Rows)
        {
            int start = frame.Preceding is { } n ? (int)Math.Max(0, i - n) : 0;
            return sorted[start..(i + 1)];
        }

        if (frame.Preceding is not { } offset)
        {
            return sorted[..(peerEnd + 1)];
        }

        int column = order[0].Column;
        object? current = sorted[i][column];
        if (current is null || current is double.NaN)
        {
            return sorted[peerStart..(peerEnd + 1)];
        }

        return [.. sorted[..(peerEnd + 1)].Where(r => r[column] is { } v && v is not double.NaN && Within(current, v, offset, order[0].Descending))];
    }

    private static bool Within(object current, object earlier, decimal offset, bool descending)
    {
        if (current is double c && earlier is double e)
        {
            return descending ? e <= c + (double)offset : e >= c - (double)offset;
        }

        return Distance(current, earlier, descending) <= offset;
    }

    private static decimal Distance(object current, object earlier, bool descending)
    {
        decimal a = ToDecimal(current);
        decimal b = ToDecimal(earlier);
        return descending ? b - a : a - b;
    }

    private static decimal ToDecimal(object value) => value switch
    {
        Int128 m => (decimal)m / 100,
        _ => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object? Aggregate(OverCall call, List<object?[]> frame)
    {
        if (call.Function == OverFunction.CountStar)
        {
            return (long)frame.Count;
        }

        var values = frame.Select(r => r[call.Argument!.Value]).Where(v => v is not null).Select(v => v!).ToList();
        switch (call.Function)
        {
            case OverFunction.Count:
                return (long)values.Count;
            case OverFunction.Min:
                return values.Count == 0 ? null : values.Aggregate((a, b) => ReferenceOrder.CompareValues(b, a) < 0 ? b : a);
            case OverFunction.Max:
                return values.Count == 0 ? null : values.Aggregate((a, b) => ReferenceOrder.CompareValues(b, a) > 0 ? b : a);
        }

        if (values.Count == 0)
        {
            return null;
        }

        bool average = call.Function == OverFunction.Avg;
        switch (values[0])
        {
            case double:
                {
                    double sum = 0;
                    foreach (double v in values.Cast<double>())
                    {
                        sum += v;
                    }

                    return average ? sum / values.Count : sum;
                }

            case Int128:
                {
                    Int128 sum = 0;
                    foreach (Int128 v in values.Cast<Int128>())
                    {
                        sum += v;
                    }

                    if (!average)
                    {
                        return sum;
                    }

                    // DECIMAL(20, 2) averaged into DECIMAL(38, 6): scale up by 10^4, divide rounding half away from zero.
                    decimal exact = (decimal)sum * 10_000m / values.Count;
                    return (Int128)Math.Round(exact, MidpointRounding.AwayFromZero);
                }

            default:
                {
                    long sum = values.Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
                    long value = average ? sum / values.Count : sum;
                    return call.ResultType.Kind == SqlTypeKind.Int ? (object)(int)value : value;
                }
        }
    }

    private static string Key(object? value) => value switch
    {
        null => "NULL",
        double d when d == 0 => "0",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
