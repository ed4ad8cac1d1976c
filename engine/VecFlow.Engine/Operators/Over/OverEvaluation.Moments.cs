using System.Numerics;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>STDDEV_POP, STDDEV_SAMP, VAR_POP and VAR_SAMP over sliding frames.</summary>
internal static partial class OverEvaluation
{
    private static ComputedResult Moments(OverCall call, OverRegion region, int[] frameStart, int[] frameEnd)
    {
        NumericValues values = region.Numeric(Argument(call));
        var kind = new VarianceKind(call.Function switch
        {
            OverFunction.StddevPop => AggregateFunction.StddevPop,
            OverFunction.StddevSamp => AggregateFunction.StddevSamp,
            OverFunction.VarPop => AggregateFunction.VarPop,
            _ => AggregateFunction.VarSamp,
        });
        var result = new ComputedResult(call.ResultType, region.Count);
        if (values.Longs is not null && call.ResultType.IsInteger)
        {
            var accumulator = new ExactMomentsAccumulator(values, kind, call, result);
            Slide(region, frameStart, frameEnd, ref accumulator);
        }
        else
        {
            var accumulator = new WelfordAccumulator(values, kind, call, result);
            Slide(region, frameStart, frameEnd, ref accumulator);
        }

        return result;
    }

    /// <summary>Integer moments, exact in Int128 whatever rows enter and leave; the result truncates toward zero.</summary>
    private struct ExactMomentsAccumulator(NumericValues values, VarianceKind kind, OverCall call, ComputedResult result) : IFrameAccumulator
    {
        private long _count;
        private Int128 _sum;
        private Int128 _squares;

        public void Reset()
        {
            _count = 0;
            _sum = 0;
            _squares = 0;
        }

        public void Add(int row)
        {
            if (values.Valid[row])
            {
                long v = values.Longs![row];
                _count++;
                _sum += v;
                _squares += (Int128)v * v;
            }
        }

        public void Remove(int row)
        {
            if (values.Valid[row])
            {
                long v = values.Longs![row];
                _count--;
                _sum -= v;
                _squares -= (Int128)v * v;
            }
        }

        public readonly void Write(int row)
        {
            if (_squares < 0)
            {
                throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, row, $"{kind.Name} over the frame of '{call.Name}': the sum of squares exceeds 2^127");
            }

            if (!kind.TryFinishExact(_count, _sum, _squares, out BigInteger value))
            {
                result.Valid[row] = false;
                return;
            }

            (long min, long max) = IntegerRange(call.ResultType);
            if (value < min || value > max)
            {
                throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, row, $"{kind.Name} over the frame of '{call.Name}' is {value}, outside {call.ResultType}");
            }

            result.Valid[row] = true;
            result.Longs![row] = (long)value;
        }
    }

    /// <summary>
    /// Welford's running mean and M2, with the inverse update when a row leaves the frame. Values are centred on the
    /// mean, so a large offset common to all values does not cancel digits as sums of squares would.
    /// </summary>
    /// <remarks>
    /// Removing rows leaves rounding residue in M2 that a square root magnifies (a frame of equal values would show a
    /// deviation of 1e-6 instead of 0), so once rows have left, a frame of at most <see cref="ShortFrame"/> rows is
    /// recomputed in two passes; longer sliding frames keep the running state, whose error is relative to their spread.
    /// </remarks>
    private struct WelfordAccumulator(NumericValues values, VarianceKind kind, OverCall call, ComputedResult result) : IFrameAccumulator
    {
        private const int ShortFrame = 64;

        private readonly double _scale = values.Type.Kind == SqlTypeKind.Decimal ? Math.Pow(10, values.Type.Scale) : 1;
        private long _count;
        private double _mean;
        private double _m2;
        private int _first = -1;
        private int _last = -1;
        private bool _removed;

        public void Reset()
        {
            _count = 0;
            _mean = 0;
            _m2 = 0;
            _first = -1;
            _last = -1;
            _removed = false;
        }

        public void Add(int row)
        {
            _first = _first < 0 ? row : _first;
            _last = row;
            if (!values.Valid[row])
            {
                return;
            }

            double x = Value(row);
            _count++;
            double delta = x - _mean;
            _mean += delta / _count;
            _m2 += delta * (x - _mean);
        }

        public void Remove(int row)
        {
            _first = row + 1;
            _removed = true;
            if (!values.Valid[row])
            {
                return;
            }

            double x = Value(row);
            if (--_count == 0)
            {
                _mean = 0;
                _m2 = 0;
                return;
            }

            double before = _mean;
            _mean = ((before * (_count + 1)) - x) / _count;
            _m2 = Math.Max(0, _m2 - ((x - before) * (x - _mean)));
        }

        public readonly void Write(int row)
        {
            double m2 = _removed && _last - _first < ShortFrame ? TwoPass() : _m2;
            if (!kind.TryFinish(_count, m2, out double value))
            {
                result.Valid[row] = false;
                return;
            }

            result.Valid[row] = true;
            if (result.Doubles is not null)
            {
                result.Doubles[row] = value;
            }
            else if (result.Decimals is not null)
            {
                result.Decimals[row] = ToDecimal(value, result.Type, row);
            }
            else
            {
                // An integer result from a non-integer argument does not arise from the binder; truncate as a cast would.
                result.Longs![row] = (long)Math.Truncate(value);
            }
        }

        /// <summary>M2 of the rows _first.._last from scratch: the mean first, then the squared deviations from it.</summary>
        private readonly double TwoPass()
        {
            double sum = 0;
            long count = 0;
            for (int r = _first; r <= _last; r++)
            {
                if (values.Valid[r])
                {
                    sum += Value(r);
                    count++;
                }
            }

            if (count == 0)
            {
                return 0;
            }

            double mean = sum / count;
            double m2 = 0;
            for (int r = _first; r <= _last; r++)
            {
                if (values.Valid[r])
                {
                    double d = Value(r) - mean;
                    m2 += d * d;
                }
            }

            return m2;
        }

        private readonly double Value(int row) => values.Doubles is { } doubles ? doubles[row]
            : values.Decimals is { } decimals ? (double)decimals[row] / _scale
            : values.Longs![row];

        private readonly Int128 ToDecimal(double value, SqlType type, int row)
        {
            double scaled = Math.Round(value * Math.Pow(10, type.Scale), MidpointRounding.AwayFromZero);
            if (double.IsNaN(scaled) || Math.Abs(scaled) >= Math.Pow(10, type.Precision))
            {
                throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, row, $"{kind.Name} over the frame of '{call.Name}' is {value}, outside {type}");
            }

            return (Int128)scaled;
        }
    }
}
