using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for element-wise unary operations (same element width in and out when vectorized).</summary>
[SkipLocalsInit]
public static class UnaryDriver
{
    public static void Invoke<TIn, TOut, TOp>(ReadOnlySpan<TIn> x, Span<TOut> destination)
        where TOp : IUnaryOperator<TIn, TOut>
    {
        int n = destination.Length;
        if (x.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        ref TIn rx = ref MemoryMarshal.GetReference(x);
        ref TOut rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable && Unsafe.SizeOf<TIn>() == Unsafe.SizeOf<TOut>())
        {
            if (Vector512.IsHardwareAccelerated && Vector512<TIn>.IsSupported && Vector512<TOut>.IsSupported && n >= Vector512<TIn>.Count)
            {
                int step = Vector512<TIn>.Count;
                int last = n - step;
                Vector512<TOut> end = TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector256.IsHardwareAccelerated && Vector256<TIn>.IsSupported && Vector256<TOut>.IsSupported && n >= Vector256<TIn>.Count)
            {
                int step = Vector256<TIn>.Count;
                int last = n - step;
                Vector256<TOut> end = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector128.IsHardwareAccelerated && Vector128<TIn>.IsSupported && Vector128<TOut>.IsSupported && n >= Vector128<TIn>.Count)
            {
                int step = Vector128<TIn>.Count;
                int last = n - step;
                Vector128<TOut> end = TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(Unsafe.Add(ref rx, i));
        }
    }
}
