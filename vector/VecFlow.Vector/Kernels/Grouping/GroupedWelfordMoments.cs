using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's running count, mean and sum of squared deviations from the mean (Welford).</summary>
internal struct WelfordState
{
    public long Count;
    public double Mean;
    public double M2;
}

/// <summary>STDDEV / VARIANCE of FLOAT, DOUBLE or DECIMAL per group, in DOUBLE, by Welford's update and Chan's merge.</summary>
/// <remarks>
/// Summing x and x squared and subtracting loses every digit when the mean is large against the spread; Welford's
/// running mean and M2 keep the relative error near one rounding per row. DECIMAL values enter as doubles (unscaled /
/// 10^scale); the caller casts the DOUBLE result to the SQL result type (FLOAT, or Flink's DECIMAL(38, max(s, 6))).
/// </remarks>
[SkipLocalsInit]
internal sealed class GroupedWelfordMoments<TIn>(SqlType inputType, VarianceKind kind)
    : GroupedAggregate<WelfordState>(SqlType.Double, inputType)
    where TIn : unmanaged, INumberBase<TIn>
{
    private readonly double _scale = inputType.Kind == SqlTypeKind.Decimal ? Math.Pow(10, inputType.Scale) : 1;

    protected override WelfordState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<WelfordState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        if (_scale == 1)
        {
            GroupedUpdateDriver.Invoke<TIn, WelfordState, WelfordOperator>(values.Values<TIn>(), groupIds, live.Words, states);
            return;
        }

        ReadOnlySpan<TIn> raw = values.Values<TIn>();
        double[] scaled = ArrayPool<double>.Shared.Rent(raw.Length);
        try
        {
            for (int i = 0; i < raw.Length; i++)
            {
                scaled[i] = double.CreateTruncating(raw[i]) / _scale;
            }

            GroupedUpdateDriver.Invoke<double, WelfordState, GroupedWelfordMoments<double>.WelfordOperator>(scaled.AsSpan(0, raw.Length), groupIds, live.Words, states);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scaled);
        }
    }

    protected override void MergeCore(GroupedAggregate<WelfordState> other, ReadOnlySpan<WelfordState> from, ReadOnlySpan<int> map, Span<WelfordState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0 && from[j].Count > 0)
            {
                into[map[j]] = Combine(into[map[j]], from[j]);
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<WelfordState> states, BufferPool pool) => kind.Function switch
    {
        AggregateFunction.StddevPop => BuildFixed<double, Result<StddevPop>>(ResultType, states, pool),
        AggregateFunction.StddevSamp => BuildFixed<double, Result<StddevSamp>>(ResultType, states, pool),
        AggregateFunction.VarPop => BuildFixed<double, Result<VarPop>>(ResultType, states, pool),
        _ => BuildFixed<double, Result<VarSamp>>(ResultType, states, pool),
    };

    /// <summary>Chan et al.'s pairwise combination of two partial (count, mean, M2) states.</summary>
    internal static WelfordState Combine(WelfordState a, WelfordState b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        long n = a.Count + b.Count;
        double delta = b.Mean - a.Mean;
        return new WelfordState
        {
            Count = n,
            Mean = a.Mean + (delta * b.Count / n),
            M2 = a.M2 + b.M2 + (delta * delta * ((double)a.Count * b.Count / n)),
        };
    }

    internal readonly struct WelfordOperator : IGroupedUpdateOperator<TIn, WelfordState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref WelfordState state, TIn value, ref ulong fault)
        {
            double x = double.CreateTruncating(value);
            long n = ++state.Count;
            double delta = x - state.Mean;
            state.Mean += delta / n;
            state.M2 += delta * (x - state.Mean);
        }
    }

    private interface IKind
    {
        static abstract AggregateFunction Function { get; }
    }

    private readonly struct StddevPop : IKind
    {
        public static AggregateFunction Function => AggregateFunction.StddevPop;
    }

    private readonly struct StddevSamp : IKind
    {
        public static AggregateFunction Function => AggregateFunction.StddevSamp;
    }

    private readonly struct VarPop : IKind
    {
        public static AggregateFunction Function => AggregateFunction.VarPop;
    }

    private readonly struct VarSamp : IKind
    {
        public static AggregateFunction Function => AggregateFunction.VarSamp;
    }

    private readonly struct Result<TKind> : IGroupResult<WelfordState, double>
        where TKind : IKind
    {
        public static bool TryGet(in WelfordState state, int group, out double value) =>
            new VarianceKind(TKind.Function).TryFinish(state.Count, state.M2, out value);
    }
}
