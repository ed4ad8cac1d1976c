using System.Numerics;

namespace VecFlow.Vector.Kernels;

/// <summary>Which of STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP a moments accumulator finishes to.</summary>
public readonly record struct VarianceKind
{
    public VarianceKind(AggregateFunction function)
    {
        if (function is not (AggregateFunction.StddevPop or AggregateFunction.StddevSamp or AggregateFunction.VarPop or AggregateFunction.VarSamp))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "Not a variance or standard deviation function.");
        }

        Function = function;
    }

    public AggregateFunction Function { get; }

    /// <summary>Divides by n - 1 (and is NULL for a single row) instead of by n.</summary>
    public bool Sample => Function is AggregateFunction.StddevSamp or AggregateFunction.VarSamp;

    /// <summary>Takes the square root of the variance.</summary>
    public bool SquareRoot => Function is AggregateFunction.StddevPop or AggregateFunction.StddevSamp;

    public string Name => Function switch
    {
        AggregateFunction.StddevPop => "STDDEV_POP",
        AggregateFunction.StddevSamp => "STDDEV_SAMP",
        AggregateFunction.VarPop => "VAR_POP",
        _ => "VAR_SAMP",
    };

    /// <summary>The result of <paramref name="count"/> values with squared deviations summing to <paramref name="m2"/>; false for NULL.</summary>
    public bool TryFinish(long count, double m2, out double value)
    {
        long divisor = Sample ? count - 1 : count;
        if (divisor <= 0)
        {
            value = 0;
            return false;
        }

        double variance = m2 / divisor;
        value = SquareRoot ? Math.Sqrt(variance) : variance;
        return true;
    }

    /// <summary>
    /// The result truncated toward zero from exact integer moments: n, sum of x and sum of x squared. Flink's integer
    /// variance is an integer, and truncating an exact value avoids the off-by-one a rounded double would give at
    /// whole numbers (a variance of exactly 4 must not come out as 3).
    /// </summary>
    public bool TryFinishExact(long count, Int128 sum, Int128 sumSquares, out BigInteger value)
    {
        long divisor = Sample ? count - 1 : count;
        if (divisor <= 0)
        {
            value = BigInteger.Zero;
            return false;
        }

        // variance = (n * sumSq - sum^2) / (n * divisor), with a non-negative numerator (Cauchy-Schwarz: sum^2 <= n * sumSq).
        if (count < (1L << 31) && sumSquares < (Int128.One << 90))
        {
            Int128 small = ((count * sumSquares) - (sum * sum)) / ((Int128)count * divisor);
            value = SquareRoot ? IntegerSquareRoot(small) : small;
            return true;
        }

        BigInteger numerator = (new BigInteger(count) * (BigInteger)sumSquares) - ((BigInteger)sum * (BigInteger)sum);
        BigInteger variance = BigInteger.Divide(numerator, new BigInteger(count) * divisor);
        value = SquareRoot ? IntegerSquareRoot(variance) : variance;
        return true;
    }

    private static Int128 IntegerSquareRoot(Int128 value)
    {
        // value < 2^90, so the root is below 2^45 and its square fits easily.
        var root = (Int128)Math.Sqrt((double)value);
        while (root * root > value)
        {
            root--;
        }

        while ((root + 1) * (root + 1) <= value)
        {
            root++;
        }

        return root;
    }

    private static BigInteger IntegerSquareRoot(BigInteger value)
    {
        if (value.Sign <= 0)
        {
            return BigInteger.Zero;
        }

        var root = new BigInteger(Math.Sqrt((double)value));
        while (root * root > value)
        {
            root--;
        }

        while ((root + 1) * (root + 1) <= value)
        {
            root++;
        }

        return root;
    }
}
