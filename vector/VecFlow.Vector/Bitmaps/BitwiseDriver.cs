using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Bitmaps;

/// <summary>One word-wise binary operation on bitmaps.</summary>
public interface IBitwiseOperator
{
    static abstract ulong Invoke(ulong a, ulong b);

    static abstract Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b);
}

/// <summary>The loop driver for word-wise bitmap operations; destination may alias either input.</summary>
[SkipLocalsInit]
public static class BitwiseDriver
{
    public static void Invoke<TOp>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
        where TOp : IBitwiseOperator
    {
        int n = destination.Length;
        if (a.Length < n || b.Length < n)
        {
            throw new ArgumentException("Bitmap inputs are shorter than the destination.");
        }

        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<ulong>.Count)
        {
            int last = n - Vector256<ulong>.Count;
            for (; i <= last; i += Vector256<ulong>.Count)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i))
                    .StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = TOp.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i));
        }
    }
}
