using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's exact DECIMAL total as a wrapped Int128 plus a count of 2^128 wrap-arounds, and its row count.</summary>
internal struct DecimalSumState
{
    public Int128 Sum;
    public long Carry;
    public long Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ref DecimalSumState state, Int128 value)
    {
        Int128 result = unchecked(state.Sum + value);
        if (((state.Sum ^ result) & (value ^ result)) < Int128.Zero)
        {
            state.Carry += Int128.IsNegative(value) ? -1 : 1;
        }

        state.Sum = result;
    }

    /// <summary>True when the exact total has at most 38 digits.</summary>
    public readonly bool Fits => Carry == 0 && Sum <= DecimalArithmetic.MaxUnscaled && Sum >= -DecimalArithmetic.MaxUnscaled;
}

/// <summary>SUM (DECIMAL(38, s), raising when a total needs more than 38 digits) or AVG (DECIMAL(38, max(s, 6)), HALF_UP).</summary>
[SkipLocalsInit]
internal sealed class GroupedDecimalSum(SqlType inputType, bool average)
    : GroupedAggregate<DecimalSumState>(average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType), inputType)
{
    protected override DecimalSumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<DecimalSumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        GroupedUpdateDriver.Invoke<Int128, DecimalSumState, AddOperator>(values.Values<Int128>(), groupIds, live.Words, states);
    }

    protected override void MergeCore(GroupedAggregate<DecimalSumState> other, ReadOnlySpan<DecimalSumState> from, ReadOnlySpan<int> map, Span<DecimalSumState> into)
    {
        for (int j = 0; j < from.Length; j++)
        {
            if (map[j] >= 0)
            {
                ref DecimalSumState target = ref into[map[j]];
                DecimalSumState.Add(ref target, from[j].Sum);
                target.Carry += from[j].Carry;
                target.Count += from[j].Count;
            }
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<DecimalSumState> states, BufferPool pool)
    {
        int scale = InputType!.Scale;
        int resultScale = ResultType.Scale;
        int n = states.Length;
        var results = new Int128[n];
        bool[] valid = new bool[n];
        for (int g = 0; g < n; g++)
        {
            DecimalSumState state = states[g];
            if (state.Count == 0)
            {
                continue;
            }

            valid[g] = true;
            if (average)
            {
                results[g] = state.Carry == 0
                    ? AggregateKernels.AverageDecimal(state.Sum, state.Count, scale, resultScale, g)
                    : throw AggregateKernels.DecimalOverflow(g, resultScale, "AVG");
            }
            else
            {
                results[g] = state.Fits ? state.Sum : throw AggregateKernels.DecimalOverflow(g, resultScale, "SUM");
            }
        }

        return ColumnFactory.FromValues<Int128>(ResultType, results, valid, pool);
    }

    private readonly struct AddOperator : IGroupedUpdateOperator<Int128, DecimalSumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref DecimalSumState state, Int128 value, ref ulong fault)
        {
            DecimalSumState.Add(ref state, value);
            state.Count++;
        }
    }
}
