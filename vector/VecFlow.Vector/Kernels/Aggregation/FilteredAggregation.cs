using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>SUM(values) WHERE filter op constant in one pass: the comparison's lane mask feeds the sum directly.</summary>
/// <remarks>
/// The planner fuses a simple comparison filter into the aggregate that consumes it (as <c>sumIf</c> does elsewhere):
/// no selection bitmap is written or read, so the pass streams two columns at memory speed. The sum is overflow-checked
/// per lane with the sign trick; if any lane faults, an exact Int128 pass decides, so the answer does not depend on
/// the order of additions.
/// </remarks>
[SkipLocalsInit]
public static class FilteredAggregation
{
    /// <summary>The sum of <paramref name="values"/>[i] over rows where <c>filter[i] op constant</c>; 0 when none.</summary>
    public static long SumWhere(ReadOnlySpan<long> filter, ComparisonOp op, long constant, ReadOnlySpan<long> values) => op switch
    {
        ComparisonOp.Equal => SumWhere<EqualOperator<long>>(filter, constant, values),
        ComparisonOp.NotEqual => SumWhere<NotEqualOperator<long>>(filter, constant, values),
        ComparisonOp.Less => SumWhere<LessOperator<long>>(filter, constant, values),
        ComparisonOp.LessOrEqual => SumWhere<LessOrEqualOperator<long>>(filter, constant, values),
        ComparisonOp.Greater => SumWhere<GreaterOperator<long>>(filter, constant, values),
        _ => SumWhere<GreaterOrEqualOperator<long>>(filter, constant, values),
    };

    private static long SumWhere<TCmp>(ReadOnlySpan<long> filter, long constant, ReadOnlySpan<long> values)
        where TCmp : IComparisonOperator<long>
    {
        int n = filter.Length;
        if (values.Length != n)
        {
            throw new ArgumentException($"The filter column has {n} rows and the summed column {values.Length}; they must be equal.", nameof(values));
        }

        ref long rf = ref MemoryMarshal.GetReference(filter);
        ref long rv = ref MemoryMarshal.GetReference(values);
        long total = 0;
        int i = 0;
        bool faulted = false;
        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            Vector256<long> c = Vector256.Create(constant);
            Vector256<long> acc0 = Vector256<long>.Zero, acc1 = Vector256<long>.Zero, acc2 = Vector256<long>.Zero, acc3 = Vector256<long>.Zero;
            Vector256<long> fault = Vector256<long>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                Vector256<long> v0 = Vector256.LoadUnsafe(ref rv, (nuint)i) & TCmp.Invoke(Vector256.LoadUnsafe(ref rf, (nuint)i), c);
                Vector256<long> v1 = Vector256.LoadUnsafe(ref rv, (nuint)(i + 4)) & TCmp.Invoke(Vector256.LoadUnsafe(ref rf, (nuint)(i + 4)), c);
                Vector256<long> v2 = Vector256.LoadUnsafe(ref rv, (nuint)(i + 8)) & TCmp.Invoke(Vector256.LoadUnsafe(ref rf, (nuint)(i + 8)), c);
                Vector256<long> v3 = Vector256.LoadUnsafe(ref rv, (nuint)(i + 12)) & TCmp.Invoke(Vector256.LoadUnsafe(ref rf, (nuint)(i + 12)), c);
                Vector256<long> r0 = acc0 + v0, r1 = acc1 + v1, r2 = acc2 + v2, r3 = acc3 + v3;
                fault |= ((acc0 ^ r0) & (v0 ^ r0)) | ((acc1 ^ r1) & (v1 ^ r1)) | ((acc2 ^ r2) & (v2 ^ r2)) | ((acc3 ^ r3) & (v3 ^ r3));
                acc0 = r0;
                acc1 = r1;
                acc2 = r2;
                acc3 = r3;
            }

            faulted = fault.ExtractMostSignificantBits() != 0;
            if (!faulted)
            {
                Int128 lanes = 0;
                for (int lane = 0; lane < 4; lane++)
                {
                    lanes += (Int128)acc0[lane] + acc1[lane] + acc2[lane] + acc3[lane];
                }

                faulted = lanes < long.MinValue || lanes > long.MaxValue;
                total = (long)lanes;
            }
        }

        for (; i < n && !faulted; i++)
        {
            if (TCmp.Invoke(Unsafe.Add(ref rf, i), constant))
            {
                long v = Unsafe.Add(ref rv, i);
                long r = unchecked(total + v);
                faulted = ((total ^ r) & (v ^ r)) < 0;
                total = r;
            }
        }

        return faulted ? ExactSumWhere<TCmp>(filter, constant, values) : total;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ExactSumWhere<TCmp>(ReadOnlySpan<long> filter, long constant, ReadOnlySpan<long> values)
        where TCmp : IComparisonOperator<long>
    {
        Int128 exact = 0;
        int lastExit = 0;
        for (int i = 0; i < filter.Length; i++)
        {
            if (TCmp.Invoke(filter[i], constant))
            {
                bool wasInside = exact >= long.MinValue && exact <= long.MaxValue;
                exact += values[i];
                if (wasInside && (exact < long.MinValue || exact > long.MaxValue))
                {
                    lastExit = i;
                }
            }
        }

        return exact >= long.MinValue && exact <= long.MaxValue ? (long)exact : throw AggregateKernels.Int64Overflow(lastExit, exact);
    }
}
