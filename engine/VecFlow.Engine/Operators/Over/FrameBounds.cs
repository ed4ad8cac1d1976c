using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>The first and last row (inclusive) of each row's frame; both only move forward within a partition.</summary>
internal static class FrameBounds
{
    /// <param name="frame">The frame.</param>
    /// <param name="region">Rows with their partition and peer structure.</param>
    /// <param name="orderValues">The single order key's values (RANGE x PRECEDING only).</param>
    /// <param name="descending">Whether that key sorts descending.</param>
    public static (int[] Start, int[] End) Compute(OverFrame frame, OverRegion region, NumericValues? orderValues, bool descending)
    {
        int n = region.Count;
        int[] start = new int[n];
        int[] end = new int[n];
        bool range = frame.Unit == OverFrameUnit.Range;
        for (int i = 0; i < n; i++)
        {
            end[i] = range ? region.PeerEnd[i] : i;
            start[i] = region.PartitionStart[i];
        }

        if (frame.Preceding is not { } preceding)
        {
            return (start, end);
        }

        if (!range)
        {
            long rows = preceding >= int.MaxValue ? int.MaxValue : (long)preceding;
            for (int i = 0; i < n; i++)
            {
                start[i] = (int)Math.Max(start[i], i - rows);
            }

            return (start, end);
        }

        NumericValues values = orderValues ?? throw new InvalidOperationException("A RANGE frame with an offset needs the order key's values.");
        var distance = new RangeDistance(values, preceding, descending);
        int j = 0;
        for (int i = 0; i < n; i++)
        {
            int partition = region.PartitionStart[i];
            if (i == partition)
            {
                j = partition;
            }

            if (!distance.IsOrdered(i))
            {
                // NULL (and NaN) order values: the frame is the row's peers.
                start[i] = region.PeerStart[i];
                continue;
            }

            while (j < i && (!distance.IsOrdered(j) || distance.IsBeyond(j, i)))
            {
                j++;
            }

            start[i] = j;
        }

        return (start, end);
    }

    /// <summary>Whether an earlier row lies further before a row than the frame's offset, in the order key's arithmetic.</summary>
    private readonly struct RangeDistance
    {
        private readonly NumericValues _values;
        private readonly bool _descending;
        private readonly Int128 _exact;
        private readonly double _floating;

        public RangeDistance(NumericValues values, decimal preceding, bool descending)
        {
            _values = values;
            _descending = descending;
            _floating = (double)preceding;
            decimal scaled = values.Type.Kind == SqlTypeKind.Decimal ? preceding * Pow10(values.Type.Scale) : preceding;
            if (values.Doubles is null && scaled != decimal.Truncate(scaled))
            {
                throw new NotSupportedException($"RANGE {preceding} PRECEDING over a {values.Type} order key needs a whole number of {values.Type} units.");
            }

            _exact = (Int128)decimal.Truncate(scaled);
        }

        public bool IsOrdered(int row) => _values.Valid[row] && (_values.Doubles is null || !double.IsNaN(_values.Doubles[row]));

        public bool IsBeyond(int earlier, int row)
        {
            if (_values.Doubles is { } doubles)
            {
                // The bound is computed as Flink computes it (current -/+ offset, in double), then compared.
                return _descending ? doubles[earlier] > doubles[row] + _floating : doubles[earlier] < doubles[row] - _floating;
            }

            Int128 a = _values.Decimals is { } decimals ? decimals[earlier] : _values.Longs![earlier];
            Int128 b = _values.Decimals is { } d ? d[row] : _values.Longs![row];
            return (_descending ? a - b : b - a) > _exact;
        }

        private static decimal Pow10(int scale)
        {
            decimal result = 1;
            for (int i = 0; i < scale; i++)
            {
                result *= 10;
            }

            return result;
        }
    }
}
