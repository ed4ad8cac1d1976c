using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels;

/// <summary>One word-wise connective of SQL three-valued logic over (value, validity) bitmap pairs.</summary>
/// <remarks>
/// Value bits of the inputs count only where their validity bit is set (inputs need not be canonical); the result is
/// canonical. The two-valued form (<see cref="IBitwiseOperator"/>) is the same connective when neither side has NULLs.
/// </remarks>
internal interface IKleeneOperator : IBitwiseOperator
{
    /// <summary>Returns the result's value word and writes its validity word.</summary>
    static abstract ulong Invoke(ulong a, ulong aValid, ulong b, ulong bValid, out ulong valid);

    static abstract Vector256<ulong> Invoke(
        Vector256<ulong> a, Vector256<ulong> aValid, Vector256<ulong> b, Vector256<ulong> bValid, out Vector256<ulong> valid);
}

/// <summary>The loop for three-valued connectives; each output may alias the input at the same position.</summary>
[SkipLocalsInit]
internal static class KleeneDriver
{
    public static void Invoke<TOp>(
        ReadOnlySpan<ulong> a,
        ReadOnlySpan<ulong> aValid,
        ReadOnlySpan<ulong> b,
        ReadOnlySpan<ulong> bValid,
        Span<ulong> value,
        Span<ulong> valid)
        where TOp : IKleeneOperator
    {
        int n = value.Length;
        if (a.Length < n || aValid.Length < n || b.Length < n || bValid.Length < n || valid.Length < n)
        {
            throw new ArgumentException("Bitmap inputs or the validity output are shorter than the value output.");
        }

        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rma = ref MemoryMarshal.GetReference(aValid);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rmb = ref MemoryMarshal.GetReference(bValid);
        ref ulong rv = ref MemoryMarshal.GetReference(value);
        ref ulong rm = ref MemoryMarshal.GetReference(valid);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<ulong>.Count)
        {
            int last = n - Vector256<ulong>.Count;
            for (; i <= last; i += Vector256<ulong>.Count)
            {
                nuint at = (nuint)i;
                Vector256<ulong> v = TOp.Invoke(
                    Vector256.LoadUnsafe(ref ra, at),
                    Vector256.LoadUnsafe(ref rma, at),
                    Vector256.LoadUnsafe(ref rb, at),
                    Vector256.LoadUnsafe(ref rmb, at),
                    out Vector256<ulong> m);
                v.StoreUnsafe(ref rv, at);
                m.StoreUnsafe(ref rm, at);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rv, i) = TOp.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rma, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rmb, i), out ulong m);
            Unsafe.Add(ref rm, i) = m;
        }
    }
}
