using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels;

/// <summary>The one loop for DECIMAL binary operations: scalar per row (128-bit lanes have no vector arithmetic).</summary>
/// <remarks>Like <see cref="Drivers.CheckedBinaryDriver"/>, a failing row raises its error only when it is live.</remarks>
[SkipLocalsInit]
internal static class DecimalBinaryLoop
{
    public static void Invoke<TOp>(TOp op, ReadOnlySpan<Int128> x, ReadOnlySpan<Int128> y, bool yScalar, Span<Int128> destination, ReadOnlySpan<ulong> live)
        where TOp : struct, IDecimalOperator
    {
        int n = destination.Length;
        if (x.Length < n || (!yScalar && y.Length < n))
        {
            throw new ArgumentException("Inputs are shorter than the destination.");
        }

        for (int i = 0; i < n; i++)
        {
            Int128 yi = yScalar ? y[0] : y[i];
            if (!op.TryInvoke(x[i], yi, out Int128 r))
            {
                if (live.IsEmpty || Bits.Get(live, i))
                {
                    throw op.Failure(i, x[i], yi);
                }

                r = Int128.Zero;
            }

            destination[i] = r;
        }
    }
}
