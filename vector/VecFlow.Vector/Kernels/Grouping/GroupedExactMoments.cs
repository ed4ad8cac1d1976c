using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's exact count, sum and sum of squares of integer values.</summary>
internal struct ExactMomentState
{
    public long Count;
    public Int128 Sum;
    public Int128 SumSquares;
}

/// <summary>STDDEV / VARIANCE of TINYINT..BIGINT per group, exact, truncated to the input type (Flink's result type).</summary>
/// <remarks>
/// Integers are summed exactly in Int128, so the result does not depend on row order or on how partial states were
/// merged; sums of squares beyond Int128 (BIGINT values near 2^63) raise an overflow error, never a wrong answer.
/// </remarks>
[SkipLocalsInit]
internal sealed class GroupedExactMoments<TIn>(SqlType inputType, VarianceKind kind)
    : GroupedAggregate<ExactMomentState>(inputType.WithNullable(true), inputType)
    where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn>
{
    protected override ExactMomentState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<ExactMomentState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ulong fault = GroupedUpdateDriver.Invoke<TIn, ExactMomentState, MomentOperator>(values.Values<TIn>(), groupIds, live.Words, states);
        if ((long)fault < 0)
        {
            throw Overflow();
        }
    }

    protected override void MergeCore(GroupedAggregate<ExactMomentState> other, ReadOnlySpan<ExactMomentState> from, ReadOnlySpan<int> map, Span<ExactMomentState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] < 0)
            {
                continue;
            }

            ref ExactMomentState target = ref into[map[j]];
            target.Count += from[j].Count;
            target.Sum += from[j].Sum;
            Int128 squares = target.SumSquares + from[j].SumSquares;
            if (squares < target.SumSquares)
            {
                throw Overflow();
            }

            target.SumSquares = squares;
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<ExactMomentState> states, BufferPool pool)
    {
        int n = states.Length;
        var results = new TIn[n];
        bool[] valid = new bool[n];
        (long min, long max) = (long.CreateTruncating(TIn.MinValue), long.CreateTruncating(TIn.MaxValue));
        for (int g = 0; g < n; g++)
        {
            if (!kind.TryFinishExact(states[g].Count, states[g].Sum, states[g].SumSquares, out BigInteger value))
            {
                continue;
            }

            if (value < min || value > max)
            {
                throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, g, $"{kind.Name} of group {g} is {value}, outside {ResultType}");
            }

            results[g] = TIn.CreateTruncating((long)value);
            valid[g] = true;
        }

        return ColumnFactory.FromValues<TIn>(ResultType, results, valid, pool);
    }

    private SqlRuntimeException Overflow() =>
        new(SqlErrorKind.ArithmeticOverflow, 0, $"{kind.Name}: the sum of squares of a group's {InputType} values exceeds 2^127");

    private readonly struct MomentOperator : IGroupedUpdateOperator<TIn, ExactMomentState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref ExactMomentState state, TIn value, ref ulong fault)
        {
            long v = long.CreateTruncating(value);
            Int128 square = (Int128)v * v;
            Int128 squares = state.SumSquares + square;

            // Squares are non-negative, so the running sum overflowed exactly when it went down (sign bit of fault).
            fault |= squares < state.SumSquares ? 1UL << 63 : 0;
            state.SumSquares = squares;
            state.Sum += v;
            state.Count++;
        }
    }
}
