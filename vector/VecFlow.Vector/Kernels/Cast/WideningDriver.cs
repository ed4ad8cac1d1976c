using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels;

/// <summary>An element-wise conversion to a wider element type (TINYINT -&gt; BIGINT, INT -&gt; DOUBLE, FLOAT -&gt; DOUBLE, ...).</summary>
/// <remarks>
/// The vector overload reads <c>Vector256&lt;TOut&gt;.Count</c> inputs starting at the given reference (fewer bytes than
/// a full vector) and returns them widened. When <see cref="Vectorizable"/> is false only the scalar overload is used.
/// </remarks>
internal interface IWideningOperator<TIn, TOut>
{
    static abstract bool Vectorizable { get; }

    static abstract TOut Invoke(TIn x);

    static abstract Vector256<TOut> Invoke(ref TIn source);
}

/// <summary>The one loop for widening conversions, where a vector of outputs consumes a fraction of a vector of inputs.</summary>
/// <remarks>
/// This is a different shape from <see cref="Drivers.UnaryDriver"/>, which needs equal element widths. Like the other
/// drivers it finishes with an overlapping last vector. The destination must not overlap the source.
/// </remarks>
[SkipLocalsInit]
internal static class WideningDriver
{
    public static void Invoke<TIn, TOut, TOp>(ReadOnlySpan<TIn> x, Span<TOut> destination)
        where TOp : IWideningOperator<TIn, TOut>
    {
        int n = destination.Length;
        if (x.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        ref TIn rx = ref MemoryMarshal.GetReference(x);
        ref TOut rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<TOut>.IsSupported && n >= Vector256<TOut>.Count)
        {
            int step = Vector256<TOut>.Count;
            int last = n - step;
            for (int i = 0; i < last; i += step)
            {
                TOp.Invoke(ref Unsafe.Add(ref rx, i)).StoreUnsafe(ref rd, (nuint)i);
            }

            TOp.Invoke(ref Unsafe.Add(ref rx, last)).StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(Unsafe.Add(ref rx, i));
        }
    }
}
