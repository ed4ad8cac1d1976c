using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Row-wise choice between two columns by a mask: the merge step of CASE and COALESCE.</summary>
[SkipLocalsInit]
public static class ChooseKernels
{
    /// <summary>Row i of the result is <paramref name="whenSet"/>[i] where mask bit i is set, else <paramref name="otherwise"/>[i].</summary>
    public static ColumnVector Choose(ReadOnlySpan<ulong> mask, ColumnVector whenSet, ColumnVector otherwise, SqlType resultType, BufferPool pool)
    {
        int n = whenSet.Length;
        if (otherwise.Length != n || whenSet.Type.Kind != otherwise.Type.Kind || whenSet.Type.Kind != resultType.Kind)
        {
            throw new ArgumentException($"CASE branches must have one type and length; got {whenSet.Type} x {whenSet.Length} and {otherwise.Type} x {otherwise.Length} for {resultType}.");
        }

        int words = Bits.WordCount(n);
        NativeBuffer? validity = null;
        if (whenSet.HasNulls || otherwise.HasNulls)
        {
            validity = pool.Rent(Bits.ByteCount(n));
            Span<ulong> v = validity.Words;
            ReadOnlySpan<ulong> va = whenSet.Validity;
            ReadOnlySpan<ulong> vb = otherwise.Validity;
            for (int w = 0; w < words; w++)
            {
                ulong a = va.IsEmpty ? ulong.MaxValue : va[w];
                ulong b = vb.IsEmpty ? ulong.MaxValue : vb[w];
                v[w] = (mask[w] & a) | (~mask[w] & b);
            }
        }

        switch (resultType.Kind)
        {
            case SqlTypeKind.Boolean:
                {
                    NativeBuffer values = pool.Rent(Bits.ByteCount(n));
                    Span<ulong> d = values.Words;
                    ReadOnlySpan<ulong> a = whenSet.BooleanWords;
                    ReadOnlySpan<ulong> b = otherwise.BooleanWords;
                    for (int w = 0; w < words; w++)
                    {
                        d[w] = (mask[w] & a[w]) | (~mask[w] & b[w]);
                    }

                    if (validity is not null)
                    {
                        Bits.And(d[..words], validity.Words[..words], d[..words]);
                    }

                    return ColumnVector.FromBuffers(resultType, n, validity, values);
                }

            case SqlTypeKind.Varchar:
                {
                    validity?.Release();
                    using var builder = new StringColumnBuilder(n, pool, whenSet.StringData.Length + otherwise.StringData.Length);
                    for (int i = 0; i < n; i++)
                    {
                        ColumnVector side = Bits.Get(mask, i) ? whenSet : otherwise;
                        if (side.IsNull(i))
                        {
                            builder.AppendNull();
                        }
                        else
                        {
                            builder.Append(side.StringAt(i));
                        }
                    }

                    return builder.Build();
                }

            default:
                {
                    NativeBuffer values = pool.Rent(n * resultType.FixedWidth);
                    switch (resultType.FixedWidth)
                    {
                        case 1: Blend(mask, whenSet.Values<byte>(), otherwise.Values<byte>(), values.As<byte>()); break;
                        case 2: Blend(mask, whenSet.Values<short>(), otherwise.Values<short>(), values.As<short>()); break;
                        case 4: Blend(mask, whenSet.Values<int>(), otherwise.Values<int>(), values.As<int>()); break;
                        case 8: Blend(mask, whenSet.Values<long>(), otherwise.Values<long>(), values.As<long>()); break;
                        default: Blend(mask, whenSet.Values<Int128>(), otherwise.Values<Int128>(), values.As<Int128>()); break;
                    }

                    return ColumnVector.FromBuffers(resultType, n, validity, values);
                }
        }
    }

    /// <summary>destination[i] = mask bit i ? a[i] : b[i]; vectorized for 4- and 8-byte values.</summary>
    public static void Blend<T>(ReadOnlySpan<ulong> mask, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination)
        where T : unmanaged
    {
        int n = destination.Length;
        int i = 0;
        int size = Unsafe.SizeOf<T>();
        if (Vector256.IsHardwareAccelerated && (size == 4 || size == 8))
        {
            int lanes = 32 / size;
            uint laneBits = (1u << lanes) - 1;
            ref T ra = ref MemoryMarshal.GetReference(a);
            ref T rb = ref MemoryMarshal.GetReference(b);
            ref T rd = ref MemoryMarshal.GetReference(destination);
            for (; i + lanes <= n; i += lanes)
            {
                Vector256<byte> m = AggregationDriver.LaneMask<T>((uint)(mask[i >> 6] >> (i & 63)) & laneBits).AsByte();
                Vector256<byte> va = Vector256.LoadUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref ra, i)));
                Vector256<byte> vb = Vector256.LoadUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref rb, i)));
                Vector256.ConditionalSelect(m, va, vb).StoreUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref rd, i)));
            }
        }

        for (; i < n; i++)
        {
            destination[i] = Bits.Get(mask, i) ? a[i] : b[i];
        }
    }
}
