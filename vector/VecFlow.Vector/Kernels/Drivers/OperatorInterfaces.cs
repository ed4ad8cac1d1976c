using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>An element-wise operation on one input (negate, abs, ...).</summary>
/// <remarks>
/// One small readonly struct per operation implements this; the loop lives once in <see cref="UnaryDriver"/>.
/// When <see cref="Vectorizable"/> is false the vector overloads are never called and may throw.
/// </remarks>
public interface IUnaryOperator<TIn, TOut>
{
    static abstract bool Vectorizable { get; }

    static abstract TOut Invoke(TIn x);

    static abstract Vector128<TOut> Invoke(Vector128<TIn> x);

    static abstract Vector256<TOut> Invoke(Vector256<TIn> x);

    static abstract Vector512<TOut> Invoke(Vector512<TIn> x);
}

/// <summary>An element-wise operation on two inputs of one type, e.g. wrapping-free float addition.</summary>
public interface IBinaryOperator<T>
{
    static abstract bool Vectorizable { get; }

    static abstract T Invoke(T x, T y);

    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>
/// A binary operation that can fail on a row (integer overflow, division by zero). The vector overloads compute every
/// lane and report failing lanes in the <c>fault</c> vector (all bits set where a lane failed); the driver re-checks
/// failing positions with <see cref="TryInvoke"/> only on rows that are live and non-null, so a fault under a NULL or
/// an unselected row is never an error.
/// </summary>
public interface ICheckedBinaryOperator<T>
{
    static abstract bool Vectorizable { get; }

    /// <summary>Computes one value; false when the row fails (then <see cref="Failure"/> describes it).</summary>
    static abstract bool TryInvoke(T x, T y, out T result);

    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault);

    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault);

    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault);

    /// <summary>The SQL error to raise for a failing row.</summary>
    static abstract Errors.SqlRuntimeException Failure(int row, T x, T y);
}

/// <summary>A comparison producing a bit per row (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=).</summary>
/// <remarks>Vector overloads return all-ones lanes where the comparison holds.</remarks>
public interface IComparisonOperator<T>
{
    static abstract bool Vectorizable { get; }

    static abstract bool Invoke(T x, T y);

    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>A reduction (sum, min, max) with its identity; the driver applies it only to live, non-null rows.</summary>
public interface IAggregationOperator<T>
{
    static abstract bool Vectorizable { get; }

    /// <summary>The value that leaves any other unchanged (0 for sum, MaxValue for min, ...).</summary>
    static abstract T Identity { get; }

    static abstract T Invoke(T x, T y);

    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);

    /// <summary>Folds the lanes of a vector into one value.</summary>
    static abstract T Invoke(Vector128<T> x);

    static abstract T Invoke(Vector256<T> x);

    static abstract T Invoke(Vector512<T> x);
}
