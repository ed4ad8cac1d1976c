using System.Runtime.CompilerServices;
using VecFlow.Vector.Errors;

namespace VecFlow.Vector.Kernels;

/// <summary>A per-value conversion that can fail (a narrowing cast, a rescale); instance state carries the target's parameters.</summary>
internal interface IValueConversion<TIn, TOut>
{
    bool TryConvert(TIn value, out TOut result);

    SqlRuntimeException Failure(int row, TIn value);
}

/// <summary>The one loop for conversions that can fail: a failing row raises its error only when it is live.</summary>
/// <remarks>Scalar: range checks on narrowing and rounding conversions are data dependent; the cheap widening casts go through <see cref="NumericWidening"/> instead.</remarks>
[SkipLocalsInit]
internal static class ConversionLoop
{
    public static void Invoke<TIn, TOut, TOp>(TOp op, ReadOnlySpan<TIn> x, Span<TOut> destination, ReadOnlySpan<ulong> live)
        where TOp : struct, IValueConversion<TIn, TOut>
    {
        int n = destination.Length;
        if (x.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        for (int i = 0; i < n; i++)
        {
            if (!op.TryConvert(x[i], out TOut r))
            {
                if (KernelMasks.IsLive(live, i))
                {
                    throw op.Failure(i, x[i]);
                }

                r = default!;
            }

            destination[i] = r;
        }
    }
}
