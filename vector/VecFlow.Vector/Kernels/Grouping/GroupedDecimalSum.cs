using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    // Per-group 64-bit partial totals of the current batch (see AddNarrow); all zero between batches.
    private Int64SumState[] _partials = [];

    protected override DecimalSumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<DecimalSumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ReadOnlySpan<Int128> v = values.Values<Int128>()[..groupIds.Length];

        // Few groups for the batch's rows (the fold below visits every group) and narrow values: 64-bit adds.
        if (InputType!.Precision <= 18 && (long)states.Length * 4 <= groupIds.Length && FitsInt64Total(v))
        {
            AddNarrow(v, groupIds, live.Words, states);
            return;
        }

        GroupedUpdateDriver.Invoke<Int128, DecimalSumState, AddOperator>(v, groupIds, live.Words, states);
    }

    /// <summary>
    /// True when every value (live or not) fits a long and the batch's rows times the largest magnitude stay below 2^63,
    /// so no group's 64-bit total of the batch can overflow.
    /// </summary>
    internal static bool FitsInt64Total(ReadOnlySpan<Int128> values)
    {
        ReadOnlySpan<long> halves = MemoryMarshal.Cast<Int128, long>(values);

        // Little-endian Int128: the low half first. A value fits a long when its high half is the low half's sign; the
        // OR of lo ^ (lo >> 63) bounds every |value| - 1 (as in GroupedIntegerSum.MagnitudeBits).
        long wide = 0;
        ulong bits = 0;
        for (int i = 0; i < halves.Length; i += 2)
        {
            long low = halves[i];
            long sign = low >> 63;
            wide |= halves[i + 1] ^ sign;
            bits |= (ulong)(low ^ sign);
        }

        int magnitudeBits = 64 - BitOperations.LeadingZeroCount(bits);
        int rowBits = 64 - BitOperations.LeadingZeroCount((ulong)values.Length);
        return wide == 0 && magnitudeBits + rowBits <= 63;
    }

    /// <summary>Adds the batch into per-group 64-bit (sum, count) pairs, then folds each touched group into its Int128 state once.</summary>
    private void AddNarrow(ReadOnlySpan<Int128> values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> live, Span<DecimalSumState> states)
    {
        if (_partials.Length < states.Length)
        {
            _partials = new Int64SumState[Math.Max(states.Length, _partials.Length * 2)];
        }

        Span<Int64SumState> partials = _partials.AsSpan(0, states.Length);
        GroupedUpdateDriver.Invoke<Int128, Int64SumState, NarrowAddOperator>(values, groupIds, live, partials);
        for (int g = 0; g < partials.Length; g++)
        {
            ref Int64SumState partial = ref partials[g];
            if (partial.Count != 0)
            {
                ref DecimalSumState state = ref states[g];
                DecimalSumState.Add(ref state, partial.Sum);
                state.Count += partial.Count;
                partial = default;
            }
        }
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

    /// <summary>Adds (value, 1) to a 64-bit (Sum, Count) pair; the caller proved the value fits and the sum cannot overflow.</summary>
    private readonly struct NarrowAddOperator : IGroupedUpdateOperator<Int128, Int64SumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref Int64SumState state, Int128 value, ref ulong fault)
        {
            long v = (long)value;
            if (Vector128.IsHardwareAccelerated)
            {
                ref long lanes = ref Unsafe.As<Int64SumState, long>(ref state);
                (Vector128.LoadUnsafe(ref lanes) + Vector128.Create(v, 1L)).StoreUnsafe(ref lanes);
                return;
            }

            state.Sum = unchecked(state.Sum + v);
            state.Count++;
        }
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
