using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for element-wise binary operations: column-column, column-scalar and scalar-column.</summary>
/// <remarks>
/// Dispatches on the widest vector the hardware accelerates, and finishes with one overlapping vector over the last
/// elements instead of a scalar tail (recomputing a few lanes is cheaper than a scalar loop). The destination may be
/// one of the inputs when it starts at the same element: the overlapping last vector is computed before the loop.
/// </remarks>
[SkipLocalsInit]
public static class BinaryDriver
{
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        int n = destination.Length;
        if (x.Length < n || y.Length < n)
        {
            throw new ArgumentException("Inputs are shorter than the destination.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
            {
                int step = Vector512<T>.Count;
                int last = n - step;
                Vector512<T> end = TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)last), Vector512.LoadUnsafe(ref ry, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
            {
                int step = Vector256<T>.Count;
                int last = n - step;
                Vector256<T> end = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last), Vector256.LoadUnsafe(ref ry, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= Vector128<T>.Count)
            {
                int step = Vector128<T>.Count;
                int last = n - step;
                Vector128<T> end = TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)last), Vector128.LoadUnsafe(ref ry, (nuint)last));
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)i), Vector128.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
        }
    }

    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        int n = destination.Length;
        if (x.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
            {
                Vector512<T> vy = Vector512.Create(y);
                int step = Vector512<T>.Count;
                int last = n - step;
                Vector512<T> end = TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)last), vy);
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i), vy).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
            {
                Vector256<T> vy = Vector256.Create(y);
                int step = Vector256<T>.Count;
                int last = n - step;
                Vector256<T> end = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last), vy);
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), vy).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }

            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= Vector128<T>.Count)
            {
                Vector128<T> vy = Vector128.Create(y);
                int step = Vector128<T>.Count;
                int last = n - step;
                Vector128<T> end = TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)last), vy);
                for (int i = 0; i < last; i += step)
                {
                    TOp.Invoke(Vector128.LoadUnsafe(ref rx, (nuint)i), vy).StoreUnsafe(ref rd, (nuint)i);
                }

                end.StoreUnsafe(ref rd, (nuint)last);
                return;
            }
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(Unsafe.Add(ref rx, i), y);
        }
    }

    public static void Invoke<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        int n = destination.Length;
        if (y.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            Vector256<T> vx = Vector256.Create(x);
            int step = Vector256<T>.Count;
            int last = n - step;
            Vector256<T> end = TOp.Invoke(vx, Vector256.LoadUnsafe(ref ry, (nuint)last));
            for (int i = 0; i < last; i += step)
            {
                TOp.Invoke(vx, Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }

            end.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(x, Unsafe.Add(ref ry, i));
        }
    }
}
