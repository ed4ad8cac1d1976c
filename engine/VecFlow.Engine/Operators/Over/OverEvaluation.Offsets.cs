using VecFlow.Engine.Operators.Sort;

namespace VecFlow.Engine.Operators.Over;

/// <summary>LAG, LEAD, FIRST_VALUE, LAST_VALUE and NTILE: functions that pick a row rather than fold a frame.</summary>
internal static partial class OverEvaluation
{
    /// <summary>LAG / LEAD: the row <c>offset</c> rows back or ahead within the partition, or -1 for the default.</summary>
    private static OffsetResult Offset(OverCall call, OverRegion region)
    {
        int n = region.Count;
        int[] end = PartitionEnds(region);
        long step = call.Function == OverFunction.Lag ? -call.Offset : call.Offset;
        var result = new OffsetResult(Argument(call), call.Default, call.ResultType, n);
        for (int i = 0; i < n; i++)
        {
            long target = i + step;
            result.Rows[i] = target >= region.PartitionStart[i] && target <= end[i] ? (int)target : -1;
        }

        return result;
    }

    /// <summary>FIRST_VALUE / LAST_VALUE ignoring NULLs, as Flink's functions do: the first (last) non-NULL row of the frame.</summary>
    private static PickedRowResult FirstOrLast(OverCall call, OverRegion region, int[] frameStart, int[] frameEnd)
    {
        int n = region.Count;
        KeyLane lane = region.Lane(Argument(call));
        var result = new PickedRowResult(Argument(call), n);
        if (call.Function == OverFunction.FirstValue)
        {
            // nextValue[j]: the first non-NULL row at or after j (n if none); a frame with none picks its own NULL start.
            int[] nextValue = new int[n + 1];
            nextValue[n] = n;
            for (int j = n - 1; j >= 0; j--)
            {
                nextValue[j] = lane.IsNull(j) ? nextValue[j + 1] : j;
            }

            for (int i = 0; i < n; i++)
            {
                int picked = nextValue[frameStart[i]];
                result.Rows[i] = picked <= frameEnd[i] ? picked : frameStart[i];
            }
        }
        else
        {
            int[] previousValue = new int[n];
            for (int j = 0; j < n; j++)
            {
                previousValue[j] = !lane.IsNull(j) ? j : j > 0 ? previousValue[j - 1] : -1;
            }

            for (int i = 0; i < n; i++)
            {
                int picked = previousValue[frameEnd[i]];
                result.Rows[i] = picked >= frameStart[i] ? picked : frameEnd[i];
            }
        }

        return result;
    }

    /// <summary>NTILE(b): the first size % b buckets hold one row more than the others.</summary>
    private static ComputedResult Ntile(OverCall call, OverRegion region)
    {
        int n = region.Count;
        int[] end = PartitionEnds(region);
        var result = new ComputedResult(call.ResultType, n);
        long buckets = call.Offset;
        for (int i = 0; i < n; i++)
        {
            long size = end[i] - region.PartitionStart[i] + 1;
            long position = i - region.PartitionStart[i];
            long small = size / buckets;
            long large = small + 1;
            long largeRows = (size % buckets) * large;
            result.Longs![i] = position < largeRows ? (position / large) + 1 : ((position - largeRows) / small) + (size % buckets) + 1;
            result.Valid[i] = true;
        }

        return result;
    }

    /// <summary>The last row of each row's partition.</summary>
    private static int[] PartitionEnds(OverRegion region)
    {
        int n = region.Count;
        int[] end = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            end[i] = i + 1 < n && region.PartitionStart[i + 1] == region.PartitionStart[i] ? end[i + 1] : i;
        }

        return end;
    }
}
