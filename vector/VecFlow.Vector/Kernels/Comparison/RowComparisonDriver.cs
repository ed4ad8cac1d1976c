using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>The two operands of each row of a comparison whose layout has no vector form (strings, rescaled decimals).</summary>
internal interface IRowComparison
{
    /// <summary>Negative, zero or positive as the row's left value is less than, equal to or greater than its right value.</summary>
    int Compare(int row);

    /// <summary>Whether the row's two values are equal; may be cheaper than <see cref="Compare"/>.</summary>
    bool Equal(int row);
}

/// <summary>The loop for row-at-a-time comparisons: assembles 64-row words in a register, like <see cref="ComparisonDriver"/>.</summary>
[SkipLocalsInit]
internal static class RowComparisonDriver
{
    /// <summary>Writes bit i of <c>WordCount(n)</c> words where row i satisfies <paramref name="op"/>; padding bits are zero.</summary>
    public static void Invoke<TRows>(TRows rows, ComparisonOp op, int n, Span<ulong> destination)
        where TRows : IRowComparison, allows ref struct
    {
        if (destination.Length < Bits.WordCount(n))
        {
            throw new ArgumentException("Destination is too short.");
        }

        switch (op)
        {
            case ComparisonOp.Equal: Invoke<TRows, EqualOperator<int>>(rows, n, destination); break;
            case ComparisonOp.NotEqual: Invoke<TRows, NotEqualOperator<int>>(rows, n, destination); break;
            case ComparisonOp.Less: Invoke<TRows, LessOperator<int>>(rows, n, destination); break;
            case ComparisonOp.LessOrEqual: Invoke<TRows, LessOrEqualOperator<int>>(rows, n, destination); break;
            case ComparisonOp.Greater: Invoke<TRows, GreaterOperator<int>>(rows, n, destination); break;
            case ComparisonOp.GreaterOrEqual: Invoke<TRows, GreaterOrEqualOperator<int>>(rows, n, destination); break;
            default: throw ComparisonOps.Unknown(op);
        }
    }

    // TOp compares the row's three-way result with zero; = and <> only need equality, which is often cheaper.
    private static void Invoke<TRows, TOp>(TRows rows, int n, Span<ulong> destination)
        where TRows : IRowComparison, allows ref struct
        where TOp : IComparisonOperator<int>
    {
        bool equalityOnly = typeof(TOp) == typeof(EqualOperator<int>) || typeof(TOp) == typeof(NotEqualOperator<int>);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int words = Bits.WordCount(n);
        for (int w = 0; w < words; w++)
        {
            int start = w << 6;
            int count = Math.Min(64, n - start);
            ulong word = 0;
            for (int b = 0; b < count; b++)
            {
                int order = equalityOnly ? (rows.Equal(start + b) ? 0 : 1) : rows.Compare(start + b);
                word |= (TOp.Invoke(order, 0) ? 1UL : 0UL) << b;
            }

            Unsafe.Add(ref rd, w) = word;
        }
    }
}
