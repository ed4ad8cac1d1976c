using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VecFlow.Vector.Kernels.Hashing;

/// <summary>The fixed arithmetic behind <see cref="HashKernels"/>: canonical forms, the 64-bit mixer and the combiner.</summary>
/// <remarks>
/// These constants and formulas are a persisted contract (hash partitions, key groups and spill files depend on them);
/// changing any of them changes every hash, and the pinned values in the hashing tests fail on purpose.
/// </remarks>
public static class HashMixer
{
    /// <summary>The hash of SQL NULL in every type (the 64-bit golden ratio, 0x9E3779B97F4A7C15).</summary>
    public const ulong NullHash = 0x9E3779B97F4A7C15UL;

    /// <summary>Multiplier of the order-dependent combiner: combine(acc, h) = acc * 31 + h.</summary>
    public const ulong CombineMultiplier = 31;

    /// <summary>The canonical NaN (positive quiet NaN) every NaN hashes as.</summary>
    public const ulong CanonicalNaNBits = 0x7FF8000000000000UL;

    private const ulong Murmur1 = 0xFF51AFD7ED558CCDUL;
    private const ulong Murmur2 = 0xC4CEB9FE1A85EC53UL;

    /// <summary>The MurmurHash3 fmix64 finalizer: a bijection on 64-bit values with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= Murmur1;
        k ^= k >> 33;
        k *= Murmur2;
        k ^= k >> 33;
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Mix(Vector128<ulong> k)
    {
        k ^= Vector128.ShiftRightLogical(k, 33);
        k *= Vector128.Create(Murmur1);
        k ^= Vector128.ShiftRightLogical(k, 33);
        k *= Vector128.Create(Murmur2);
        k ^= Vector128.ShiftRightLogical(k, 33);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Mix(Vector256<ulong> k)
    {
        k ^= Vector256.ShiftRightLogical(k, 33);
        k *= Vector256.Create(Murmur1);
        k ^= Vector256.ShiftRightLogical(k, 33);
        k *= Vector256.Create(Murmur2);
        k ^= Vector256.ShiftRightLogical(k, 33);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Mix(Vector512<ulong> k)
    {
        k ^= Vector512.ShiftRightLogical(k, 33);
        k *= Vector512.Create(Murmur1);
        k ^= Vector512.ShiftRightLogical(k, 33);
        k *= Vector512.Create(Murmur2);
        k ^= Vector512.ShiftRightLogical(k, 33);
        return k;
    }

    /// <summary>Folds the hash of the next column into a row's running hash; order-dependent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong acc, ulong hash) => (acc * CombineMultiplier) + hash;

    /// <summary>The bits a double hashes and groups by: -0.0 as 0.0 and every NaN as one canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CanonicalBits(double value) =>
        value == 0.0 ? 0UL : double.IsNaN(value) ? CanonicalNaNBits : (ulong)BitConverter.DoubleToInt64Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> CanonicalBits(Vector256<double> value)
    {
        Vector256<ulong> bits = value.AsUInt64();
        bits = Vector256.AndNot(bits, Vector256.Equals(value, Vector256<double>.Zero).AsUInt64());
        Vector256<ulong> nan = (~Vector256.Equals(value, value)).AsUInt64();
        return Vector256.ConditionalSelect(nan, Vector256.Create(CanonicalNaNBits), bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> CanonicalBits(Vector128<double> value)
    {
        Vector128<ulong> bits = value.AsUInt64();
        bits = Vector128.AndNot(bits, Vector128.Equals(value, Vector128<double>.Zero).AsUInt64());
        Vector128<ulong> nan = (~Vector128.Equals(value, value)).AsUInt64();
        return Vector128.ConditionalSelect(nan, Vector128.Create(CanonicalNaNBits), bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> CanonicalBits(Vector512<double> value)
    {
        Vector512<ulong> bits = value.AsUInt64();
        bits = Vector512.AndNot(bits, Vector512.Equals(value, Vector512<double>.Zero).AsUInt64());
        Vector512<ulong> nan = (~Vector512.Equals(value, value)).AsUInt64();
        return Vector512.ConditionalSelect(nan, Vector512.Create(CanonicalNaNBits), bits);
    }
}
