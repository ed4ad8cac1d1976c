using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>A group's integer total, wrapped to 64 bits, and its number of non-null rows.</summary>
internal struct Int64SumState
{
    public long Sum;
    public long Count;
}

/// <summary>SUM (BIGINT, raising when a total does not fit) or AVG (the input type, Flink's truncating rule) of integers.</summary>
/// <remarks>
/// The hot loop adds with wrap-around and only ORs an overflow flag (the sign trick). A batch that raised the flag is
/// undone (wrapping subtraction is exact) and replayed with exact bookkeeping: each group's count of 2^64 wrap-arounds
/// goes to <c>_carries</c>, so the exact total is Sum + carry * 2^64. SUM raises only when a final carry is non-zero,
/// which makes the result independent of row order and of how partial states were merged; AVG never overflows.
/// <para>Most batches cannot overflow at all: the aggregate keeps a bound on every group's |Sum|, and when the bound
/// plus rows * (a power of two above every |value| of the batch) stays below 2^63 the batch runs a loop without the
/// flag (one vector add of (value, 1) into (Sum, Count) per row). The first batch that might overflow ends that.</para>
/// </remarks>
[SkipLocalsInit]
internal sealed class GroupedIntegerSum<TIn> : GroupedAggregate<Int64SumState>, IIntegerKeyFusedUpdate
    where TIn : unmanaged, IBinaryInteger<TIn>
{
    private readonly bool _average;
    private long[]? _carries;

    // An upper bound on |Sum| of every group while no batch could have overflowed; ulong.MaxValue once one could.
    private ulong _sumBound;

    public GroupedIntegerSum(SqlType inputType, bool average)
        : base(average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType), inputType)
    {
        _average = average;
    }

    protected override Int64SumState Initial => default;

    protected override void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<Int64SumState> states)
    {
        using var live = new LiveRows(mask, values!.Validity, groupIds.Length, stackalloc ulong[LiveRows.StackWords]);
        ReadOnlySpan<TIn> v = values.Values<TIn>()[..groupIds.Length];
        if (CannotOverflow(v))
        {
            GroupedUpdateDriver.Invoke<TIn, Int64SumState, UncheckedAddOperator>(v, groupIds, live.Words, states);
            return;
        }

        ulong fault = GroupedUpdateDriver.Invoke<TIn, Int64SumState, AddOperator>(v, groupIds, live.Words, states);
        if ((long)fault < 0)
        {
            Replay(v, groupIds, live.Words, states);
        }
    }

    /// <summary>
    /// True when adding every one of <paramref name="values"/> (live or not) to any group keeps |Sum| below 2^63, given
    /// the bound so far; then raises the bound by that much. Once false, always false.
    /// </summary>
    private bool CannotOverflow(ReadOnlySpan<TIn> values)
    {
        if (_sumBound == ulong.MaxValue)
        {
            return false;
        }

        UInt128 bound = _sumBound + ((UInt128)(ulong)values.Length << MagnitudeBits(values));
        if (bound >= (UInt128)1 << 63)
        {
            _sumBound = ulong.MaxValue;
            return false;
        }

        _sumBound = (ulong)bound;
        return true;
    }

    /// <summary>A b with |v| &lt;= 2^b for every value: the type's width for narrow types, one vector pass for BIGINT.</summary>
    private static int MagnitudeBits(ReadOnlySpan<TIn> values)
    {
        if (typeof(TIn) != typeof(long))
        {
            return Unsafe.SizeOf<TIn>() * 8;
        }

        ReadOnlySpan<long> longs = MemoryMarshal.Cast<TIn, long>(values);

        // v ^ (v >> 63) is v for v >= 0 and |v| - 1 otherwise; the OR of them all has every |v| - 1 below 2^b.
        ulong bits = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && longs.Length >= Vector256<long>.Count)
        {
            Vector256<long> acc = Vector256<long>.Zero;
            for (; i <= longs.Length - Vector256<long>.Count; i += Vector256<long>.Count)
            {
                Vector256<long> v = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(longs), (nuint)i);
                acc |= v ^ Vector256.LessThan(v, Vector256<long>.Zero);
            }

            bits = (ulong)(acc[0] | acc[1] | acc[2] | acc[3]);
        }

        for (; i < longs.Length; i++)
        {
            bits |= (ulong)(longs[i] ^ (longs[i] >> 63));
        }

        return 64 - BitOperations.LeadingZeroCount(bits);
    }

    public bool TryMapAndUpdate(IntegerKeyTable table, ColumnVector key, ColumnVector values, Span<int> ids)
    {
        if (values.HasNulls || key.HasNulls)
        {
            return false;
        }

        CheckUpdate(values, ids, default);
        ReadOnlySpan<TIn> v = values.Values<TIn>()[..ids.Length];
        switch (key.Type.FixedWidth)
        {
            case 1: MapAndAdd(table, key.Values<sbyte>(), v, ids); break;
            case 2: MapAndAdd(table, key.Values<short>(), v, ids); break;
            case 4: MapAndAdd(table, key.Values<int>(), v, ids); break;
            default: MapAndAdd(table, key.Values<long>(), v, ids); break;
        }

        return true;
    }

    /// <summary>Maps and adds a chunk at a time, so the chunk's keys, values and ids are still in L1 when the next loop reads them.</summary>
    /// <remarks>
    /// Two tight loops beat one loop doing both: fused, every row's state address waits on the table probe, and that
    /// long dependency chain leaves the core idle; apart, each loop's rows overlap freely. The overflow bound is taken
    /// per chunk too, so the values come from memory once (the bound's pass loads them into L1 for the add).
    /// </remarks>
    private void MapAndAdd<TKey>(IntegerKeyTable table, ReadOnlySpan<TKey> keys, ReadOnlySpan<TIn> values, Span<int> ids)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        const int ChunkRows = 2048;
        for (int start = 0; start < ids.Length; start += ChunkRows)
        {
            int length = Math.Min(ChunkRows, ids.Length - start);
            Span<int> chunk = ids.Slice(start, length);
            ReadOnlySpan<TIn> chunkValues = values.Slice(start, length);
            table.Map(keys.Slice(start, length), default, default, chunk);
            Span<Int64SumState> states = EnsureStates(table.GroupCount);
            if (CannotOverflow(chunkValues))
            {
                // The ids come from the table, so every one is below GroupCount: no range pass needed.
                AddUnchecked(chunkValues, chunk, states);
            }
            else if ((long)GroupedUpdateDriver.Invoke<TIn, Int64SumState, AddOperator>(chunkValues, chunk, default, states) < 0)
            {
                Replay(chunkValues, chunk, default, states);
            }
        }
    }

    /// <summary>Adds (value, 1) to (Sum, Count) of every row's group, for rows known not to overflow and ids known in range.</summary>
    /// <remarks>
    /// BIGINT values go two at a time: one 16-byte load and two unpacks with (1, 1) make both rows' (value, 1) pairs,
    /// instead of a move into a vector register and an OR per row.
    /// </remarks>
    private static void AddUnchecked(ReadOnlySpan<TIn> values, ReadOnlySpan<int> ids, Span<Int64SumState> states)
    {
        Debug.Assert(values.Length >= ids.Length, "a value per id");
        ref Int64SumState first = ref MemoryMarshal.GetReference(states);
        ref int id = ref MemoryMarshal.GetReference(ids);
        nint n = ids.Length;
        nint i = 0;
        if (typeof(TIn) == typeof(long) && Sse2.IsSupported)
        {
            ref long v = ref Unsafe.As<TIn, long>(ref MemoryMarshal.GetReference(values));
            Vector128<long> ones = Vector128.Create(1L);
            for (; i < n - 3; i += 4)
            {
                Vector128<long> low = Vector128.LoadUnsafe(ref v, (nuint)i);
                Vector128<long> high = Vector128.LoadUnsafe(ref v, (nuint)(i + 2));
                AddPair(ref first, Unsafe.Add(ref id, i), Sse2.UnpackLow(low, ones));
                AddPair(ref first, Unsafe.Add(ref id, i + 1), Sse2.UnpackHigh(low, ones));
                AddPair(ref first, Unsafe.Add(ref id, i + 2), Sse2.UnpackLow(high, ones));
                AddPair(ref first, Unsafe.Add(ref id, i + 3), Sse2.UnpackHigh(high, ones));
            }
        }

        ulong unused = 0;
        for (; i < n; i++)
        {
            UncheckedAddOperator.Invoke(ref Unsafe.Add(ref first, (nint)(uint)Unsafe.Add(ref id, i)), Unsafe.Add(ref MemoryMarshal.GetReference(values), i), ref unused);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(ref Int64SumState first, int group, Vector128<long> add)
    {
        ref long lanes = ref Unsafe.As<Int64SumState, long>(ref Unsafe.Add(ref first, (nint)(uint)group));
        (Vector128.LoadUnsafe(ref lanes) + add).StoreUnsafe(ref lanes);
    }

    protected override void MergeCore(GroupedAggregate<Int64SumState> other, ReadOnlySpan<Int64SumState> from, ReadOnlySpan<int> map, Span<Int64SumState> into)
    {
        // Merged sums may come near 2^63 without any batch of this aggregate having been checked.
        _sumBound = ulong.MaxValue;
        long[]? otherCarries = ((GroupedIntegerSum<TIn>)other)._carries;
        for (int j = 0; j < from.Length; j++)
        {
            int target = map[j];
            if (target < 0)
            {
                continue;
            }

            long carry = AddExact(ref into[target].Sum, from[j].Sum) + (otherCarries is not null && j < otherCarries.Length ? otherCarries[j] : 0);
            if (carry != 0)
            {
                Carries(into.Length)[target] += carry;
            }

            into[target].Count += from[j].Count;
        }
    }

    protected override ColumnVector Build(ReadOnlySpan<Int64SumState> states, BufferPool pool)
    {
        int n = states.Length;
        var sums = new Int128[n];
        bool[] valid = new bool[n];
        for (int g = 0; g < n; g++)
        {
            long carry = _carries is not null && g < _carries.Length ? _carries[g] : 0;
            sums[g] = (Int128)states[g].Sum + ((Int128)carry << 64);
            valid[g] = states[g].Count > 0;
            if (!_average && carry != 0)
            {
                throw AggregateKernels.Int64Overflow(g, sums[g]);
            }
        }

        if (!_average)
        {
            long[] results = new long[n];
            for (int g = 0; g < n; g++)
            {
                results[g] = (long)sums[g];
            }

            return ColumnFactory.FromValues<long>(ResultType, results, valid, pool);
        }

        // The mean of values of TIn lies within TIn's range, so the truncating conversion is exact.
        var averages = new TIn[n];
        for (int g = 0; g < n; g++)
        {
            averages[g] = valid[g] ? TIn.CreateTruncating(sums[g] / states[g].Count) : TIn.Zero;
        }

        return ColumnFactory.FromValues<TIn>(ResultType, averages, valid, pool);
    }

    /// <summary>Adds with wrap-around and returns the carry: +1 when a positive value wrapped down, -1 when a negative one wrapped up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long AddExact(ref long sum, long value)
    {
        long result = unchecked(sum + value);
        long overflowed = ((sum ^ result) & (value ^ result)) >> 63;
        sum = result;
        return overflowed & ((value >> 63) | 1);
    }

    /// <summary>Undoes a batch whose fast pass overflowed somewhere and redoes it counting wrap-arounds per group.</summary>
    private void Replay(ReadOnlySpan<TIn> values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> live, Span<Int64SumState> states)
    {
        foreach (int row in new SetBitEnumerator(live, groupIds.Length))
        {
            states[groupIds[row]].Sum -= long.CreateTruncating(values[row]);
        }

        long[] carries = Carries(states.Length);
        foreach (int row in new SetBitEnumerator(live, groupIds.Length))
        {
            int group = groupIds[row];
            carries[group] += AddExact(ref states[group].Sum, long.CreateTruncating(values[row]));
        }
    }

    private long[] Carries(int groups)
    {
        if (_carries is null || _carries.Length < groups)
        {
            Array.Resize(ref _carries, Math.Max(groups, (_carries?.Length ?? 0) * 2));
        }

        return _carries;
    }

    /// <summary>Adds (value, 1) to (Sum, Count) for a batch known not to overflow: no flag to compute.</summary>
    private readonly struct UncheckedAddOperator : IGroupedUpdateOperator<TIn, Int64SumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref Int64SumState state, TIn value, ref ulong fault)
        {
            long v = long.CreateTruncating(value);
            if (Vector128.IsHardwareAccelerated)
            {
                ref long lanes = ref Unsafe.As<Int64SumState, long>(ref state);
                (Vector128.LoadUnsafe(ref lanes) + (Vector128.CreateScalarUnsafe(v) | Vector128.Create(0L, 1L))).StoreUnsafe(ref lanes);
                return;
            }

            state.Sum = unchecked(state.Sum + v);
            state.Count++;
        }
    }

    private readonly struct AddOperator : IGroupedUpdateOperator<TIn, Int64SumState>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Invoke(ref Int64SumState state, TIn value, ref ulong fault)
        {
            long v = long.CreateTruncating(value);
            if (Vector128.IsHardwareAccelerated)
            {
                // Sum and count in one load, one add and one store; the count lane (never near 2^63) adds no fault bit.
                ref long lanes = ref Unsafe.As<Int64SumState, long>(ref state);
                Vector128<long> add = Vector128.Create(v, 1L);
                Vector128<long> before = Vector128.LoadUnsafe(ref lanes);
                Vector128<long> after = before + add;
                fault |= (ulong)((before ^ after) & (add ^ after)).ToScalar();
                after.StoreUnsafe(ref lanes);
                return;
            }

            long sum = state.Sum;
            long result = unchecked(sum + v);
            fault |= (ulong)((sum ^ result) & (v ^ result));
            state.Sum = result;
            state.Count++;
        }
    }
}
