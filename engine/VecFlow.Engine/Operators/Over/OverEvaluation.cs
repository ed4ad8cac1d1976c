using System.Runtime.CompilerServices;
using VecFlow.Engine.Operators.Sort;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>Computes one OVER call over a region in O(rows): frames slide forward, sums add and remove, MIN/MAX keep a monotonic deque.</summary>
/// <remarks>
/// Sums of integers and decimals are exact (Int128) whatever the frame; a result outside the result type is a
/// <see cref="SqlRuntimeException"/>, never a wrapped value. Sums of doubles add finite values and count NaN and
/// infinities apart, so a sliding frame never computes infinity minus infinity. AVG of an integer type truncates
/// toward zero when its result type is an integer (Flink's AVG(INT) is INT); a DECIMAL AVG rounds half away from zero.
/// </remarks>
internal static partial class OverEvaluation
{
    public static OverResult Evaluate(OverCall call, OverRegion region, int[] frameStart, int[] frameEnd)
    {
        int n = region.Count;
        switch (call.Function)
        {
            case OverFunction.RowNumber or OverFunction.Rank or OverFunction.DenseRank:
                return Ranking(call, region);
            case OverFunction.CountStar:
                {
                    var result = new ComputedResult(call.ResultType, n);
                    for (int i = 0; i < n; i++)
                    {
                        result.Longs![i] = frameEnd[i] - frameStart[i] + 1;
                        result.Valid[i] = true;
                    }

                    return result;
                }

            case OverFunction.Count:
                {
                    bool[] valid = region.Numeric(Argument(call)).Valid;
                    var accumulator = new CountAccumulator(valid, new ComputedResult(call.ResultType, n));
                    Slide(region, frameStart, frameEnd, ref accumulator);
                    return accumulator.Result;
                }

            case OverFunction.Min or OverFunction.Max:
                {
                    KeyLane lane = region.Lane(Argument(call));
                    var accumulator = new ExtremeAccumulator(lane, call.Function == OverFunction.Max, new PickedRowResult(Argument(call), n));
                    Slide(region, frameStart, frameEnd, ref accumulator);
                    return accumulator.Result;
                }

            case OverFunction.Sum or OverFunction.Avg:
                {
                    NumericValues values = region.Numeric(Argument(call));
                    var result = new ComputedResult(call.ResultType, n);
                    if (values.Doubles is not null)
                    {
                        var accumulator = new FloatingSumAccumulator(values, call, result);
                        Slide(region, frameStart, frameEnd, ref accumulator);
                    }
                    else
                    {
                        var accumulator = new ExactSumAccumulator(values, call, result);
                        Slide(region, frameStart, frameEnd, ref accumulator);
                    }

                    return result;
                }

            case OverFunction.StddevPop or OverFunction.StddevSamp or OverFunction.VarPop or OverFunction.VarSamp:
                return Moments(call, region, frameStart, frameEnd);
            case OverFunction.Lag or OverFunction.Lead:
                return Offset(call, region);
            case OverFunction.FirstValue or OverFunction.LastValue:
                return FirstOrLast(call, region, frameStart, frameEnd);
            case OverFunction.Ntile:
                return Ntile(call, region);
            default:
                throw new NotSupportedException($"{call.Function} is not supported in an OVER window.");
        }
    }

    private static int Argument(OverCall call) =>
        call.Argument ?? throw new ArgumentException($"{call} needs an argument column.");

    private static ComputedResult Ranking(OverCall call, OverRegion region)
    {
        int n = region.Count;
        var result = new ComputedResult(call.ResultType, n);
        long dense = 0;
        for (int i = 0; i < n; i++)
        {
            int partition = region.PartitionStart[i];
            if (i == partition)
            {
                dense = 0;
            }

            if (region.PeerStart[i] == i)
            {
                dense++;
            }

            result.Longs![i] = call.Function switch
            {
                OverFunction.RowNumber => i - partition + 1,
                OverFunction.Rank => region.PeerStart[i] - partition + 1,
                _ => dense,
            };
            result.Valid[i] = true;
        }

        return result;
    }

    /// <summary>Moves each row's frame forward: adds rows up to its end, removes rows before its start, then writes the row's result.</summary>
    private static void Slide<TAccumulator>(OverRegion region, int[] frameStart, int[] frameEnd, ref TAccumulator accumulator)
        where TAccumulator : struct, IFrameAccumulator
    {
        int added = 0;
        int removed = 0;
        for (int i = 0; i < region.Count; i++)
        {
            if (i == region.PartitionStart[i])
            {
                accumulator.Reset();
                added = i;
                removed = i;
            }

            for (; added <= frameEnd[i]; added++)
            {
                accumulator.Add(added);
            }

            for (; removed < frameStart[i]; removed++)
            {
                accumulator.Remove(removed);
            }

            accumulator.Write(i);
        }
    }

    private interface IFrameAccumulator
    {
        void Reset();

        void Add(int row);

        void Remove(int row);

        void Write(int row);
    }

    private struct CountAccumulator(bool[] valid, ComputedResult result) : IFrameAccumulator
    {
        private long _count;

        public readonly ComputedResult Result => result;

        public void Reset() => _count = 0;

        public void Add(int row) => _count += valid[row] ? 1 : 0;

        public void Remove(int row) => _count -= valid[row] ? 1 : 0;

        public readonly void Write(int row)
        {
            result.Longs![row] = _count;
            result.Valid[row] = true;
        }
    }

    /// <summary>MIN/MAX: a deque of rows with strictly improving values; its head is the frame's extreme.</summary>
    private struct ExtremeAccumulator(KeyLane lane, bool max, PickedRowResult result) : IFrameAccumulator
    {
        private readonly int[] _deque = new int[lane.Count];
        private int _head;
        private int _tail;

        public readonly PickedRowResult Result => result;

        public void Reset()
        {
            _head = 0;
            _tail = 0;
        }

        public void Add(int row)
        {
            if (lane.IsNull(row))
            {
                return;
            }

            // A later row at least as good makes earlier ones useless: they leave the frame first.
            while (_tail > _head && Better(row, _deque[_tail - 1]))
            {
                _tail--;
            }

            _deque[_tail++] = row;
        }

        public void Remove(int row)
        {
            if (_tail > _head && _deque[_head] == row)
            {
                _head++;
            }
        }

        public readonly void Write(int row) => result.Rows[row] = _tail > _head ? _deque[_head] : row;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly bool Better(int row, int than)
        {
            int order = lane.Compare(row, lane, than);
            return max ? order >= 0 : order <= 0;
        }
    }

    /// <summary>SUM/AVG over integers and decimals, exact in Int128.</summary>
    private struct ExactSumAccumulator(NumericValues values, OverCall call, ComputedResult result) : IFrameAccumulator
    {
        private readonly int _argumentScale = values.Type.Kind == SqlTypeKind.Decimal ? values.Type.Scale : 0;
        private Int128 _sum;
        private long _count;

        public void Reset()
        {
            _sum = 0;
            _count = 0;
        }

        public void Add(int row)
        {
            if (values.Valid[row])
            {
                _sum += Value(row);
                _count++;
            }
        }

        public void Remove(int row)
        {
            if (values.Valid[row])
            {
                _sum -= Value(row);
                _count--;
            }
        }

        public readonly void Write(int row)
        {
            if (_count == 0)
            {
                result.Valid[row] = false;
                return;
            }

            result.Valid[row] = true;
            SqlType type = result.Type;
            bool average = call.Function == OverFunction.Avg;
            if (type.IsFloating)
            {
                double value = (double)_sum / Math.Pow(10, _argumentScale);
                result.Doubles![row] = average ? value / _count : value;
            }
            else if (type.Kind == SqlTypeKind.Decimal)
            {
                Int128 scaled = Rescale(_sum, type.Scale - _argumentScale, row);
                Int128 value = average ? DivideRounded(scaled, _count) : scaled;
                if (Int128.Abs(value) >= Pow10(type.Precision))
                {
                    throw Overflow(row, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                result.Decimals![row] = value;
            }
            else
            {
                Int128 whole = _argumentScale > 0 ? _sum / Pow10(_argumentScale) : _sum;
                Int128 value = average ? whole / _count : whole;
                (long min, long max) = IntegerRange(type);
                if (value < min || value > max)
                {
                    throw Overflow(row, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                result.Longs![row] = (long)value;
            }
        }

        private readonly Int128 Value(int row) => values.Decimals is { } decimals ? decimals[row] : values.Longs![row];

        private readonly Int128 Rescale(Int128 value, int by, int row)
        {
            if (by >= 0)
            {
                Int128 factor = Pow10(by);
                if (value != 0 && Int128.Abs(value) > Int128.MaxValue / factor)
                {
                    throw Overflow(row, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return value * factor;
            }

            return DivideRounded(value, Pow10(-by));
        }

        private readonly SqlRuntimeException Overflow(int row, string value) =>
            new(SqlErrorKind.ArithmeticOverflow, row, $"{call.Function.ToString().ToUpperInvariant()} over the frame of '{call.Name}' is {value} (unscaled), outside {call.ResultType}");
    }

    /// <summary>SUM/AVG over FLOAT/DOUBLE: finite values are summed, NaN and infinities counted, so removal stays exact in kind.</summary>
    private struct FloatingSumAccumulator(NumericValues values, OverCall call, ComputedResult result) : IFrameAccumulator
    {
        private double _sum;
        private long _count;
        private long _nan;
        private long _positiveInfinity;
        private long _negativeInfinity;

        public void Reset()
        {
            _sum = 0;
            _count = 0;
            _nan = 0;
            _positiveInfinity = 0;
            _negativeInfinity = 0;
        }

        public void Add(int row) => Update(row, 1);

        public void Remove(int row) => Update(row, -1);

        public readonly void Write(int row)
        {
            if (_count == 0)
            {
                result.Valid[row] = false;
                return;
            }

            double sum = _nan > 0 || (_positiveInfinity > 0 && _negativeInfinity > 0) ? double.NaN
                : _positiveInfinity > 0 ? double.PositiveInfinity
                : _negativeInfinity > 0 ? double.NegativeInfinity
                : _sum;
            if (!result.Type.IsFloating)
            {
                throw new NotSupportedException($"{call} over a floating argument needs a FLOAT or DOUBLE result, not {result.Type}.");
            }

            result.Valid[row] = true;
            result.Doubles![row] = call.Function == OverFunction.Avg ? sum / _count : sum;
        }

        private void Update(int row, int sign)
        {
            if (!values.Valid[row])
            {
                return;
            }

            double value = values.Doubles![row];
            _count += sign;
            if (double.IsNaN(value))
            {
                _nan += sign;
            }
            else if (double.IsPositiveInfinity(value))
            {
                _positiveInfinity += sign;
            }
            else if (double.IsNegativeInfinity(value))
            {
                _negativeInfinity += sign;
            }
            else
            {
                _sum += sign * value;
            }
        }
    }

    private static Int128 Pow10(int exponent)
    {
        Int128 result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>value / divisor rounded half away from zero (Java's HALF_UP, as Flink divides decimals).</summary>
    private static Int128 DivideRounded(Int128 value, Int128 divisor)
    {
        Int128 quotient = Int128.DivRem(value, divisor).Quotient;
        Int128 remainder = value - (quotient * divisor);
        if (Int128.Abs(remainder) * 2 >= Int128.Abs(divisor))
        {
            quotient += Int128.Sign(value) * Int128.Sign(divisor);
        }

        return quotient;
    }

    private static (long Min, long Max) IntegerRange(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => (sbyte.MinValue, sbyte.MaxValue),
        SqlTypeKind.SmallInt => (short.MinValue, short.MaxValue),
        SqlTypeKind.Int => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
