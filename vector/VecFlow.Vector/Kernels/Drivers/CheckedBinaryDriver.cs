using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels.Drivers;

/// <summary>The one loop for binary operations that can fail on a row (overflow, division by zero).</summary>
/// <remarks>
/// The vector loop computes every lane and ORs the fault lanes together; only when some lane faulted does a scalar
/// pass look for the first row that is live (set in <c>live</c>, or every row when <c>live</c> is empty) and fails
/// for real, and raise that row's SQL error. Faults under NULLs or filtered-out rows are ignored, so
/// <c>CASE WHEN b &lt;&gt; 0 THEN a / b END</c> never fails. The destination may alias an input at the same element.
/// </remarks>
[SkipLocalsInit]
public static class CheckedBinaryDriver
{
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, ReadOnlySpan<ulong> live)
        where TOp : ICheckedBinaryOperator<T>
    {
        int n = destination.Length;
        if (x.Length < n || y.Length < n)
        {
            throw new ArgumentException("Inputs are shorter than the destination.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rd = ref MemoryMarshal.GetReference(destination);
        bool faulted = false;
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            int step = Vector256<T>.Count;
            int last = n - step;
            Vector256<T> end = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last), Vector256.LoadUnsafe(ref ry, (nuint)last), out Vector256<T> fault);
            for (int i = 0; i < last; i += step)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), out Vector256<T> f).StoreUnsafe(ref rd, (nuint)i);
                fault |= f;
            }

            faulted = fault != Vector256<T>.Zero;
            if (faulted)
            {
                // Recheck against the inputs before the stores (the destination may alias x).
                FindFailure<T, TOp>(x, y, false, live, n);
            }

            end.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            if (!TOp.TryInvoke(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i), out T r) && IsLive(live, i))
            {
                throw TOp.Failure(i, Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
            }

            Unsafe.Add(ref rd, i) = r;
        }
    }

    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> destination, ReadOnlySpan<ulong> live)
        where TOp : ICheckedBinaryOperator<T>
    {
        int n = destination.Length;
        if (x.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rd = ref MemoryMarshal.GetReference(destination);
        if (TOp.Vectorizable && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            Vector256<T> vy = Vector256.Create(y);
            int step = Vector256<T>.Count;
            int last = n - step;
            Vector256<T> end = TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last), vy, out Vector256<T> fault);
            for (int i = 0; i < last; i += step)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), vy, out Vector256<T> f).StoreUnsafe(ref rd, (nuint)i);
                fault |= f;
            }

            if (fault != Vector256<T>.Zero)
            {
                FindFailure<T, TOp>(x, new ReadOnlySpan<T>(in y), true, live, n);
            }

            end.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            if (!TOp.TryInvoke(Unsafe.Add(ref rx, i), y, out T r) && IsLive(live, i))
            {
                throw TOp.Failure(i, Unsafe.Add(ref rx, i), y);
            }

            Unsafe.Add(ref rd, i) = r;
        }
    }

    public static void Invoke<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> destination, ReadOnlySpan<ulong> live)
        where TOp : ICheckedBinaryOperator<T>
    {
        int n = destination.Length;
        if (y.Length < n)
        {
            throw new ArgumentException("Input is shorter than the destination.");
        }

        for (int i = 0; i < n; i++)
        {
            if (!TOp.TryInvoke(x, y[i], out T r) && IsLive(live, i))
            {
                throw TOp.Failure(i, x, y[i]);
            }

            destination[i] = r;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLive(ReadOnlySpan<ulong> live, int row) => live.IsEmpty || Bits.Get(live, row);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FindFailure<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool scalarY, ReadOnlySpan<ulong> live, int n)
        where TOp : ICheckedBinaryOperator<T>
    {
        for (int i = 0; i < n; i++)
        {
            T yi = scalarY ? y[0] : y[i];
            if (IsLive(live, i) && !TOp.TryInvoke(x[i], yi, out _))
            {
                throw TOp.Failure(i, x[i], yi);
            }
        }
    }
}
