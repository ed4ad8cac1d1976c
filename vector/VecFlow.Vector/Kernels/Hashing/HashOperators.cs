using System.Runtime.Intrinsics;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels.Hashing;

/// <summary>Hash of a 64-bit integer value (every integer, date, time, timestamp and interval type widens to this).</summary>
public readonly struct Int64HashOperator : IUnaryOperator<long, ulong>
{
    public static bool Vectorizable => true;

    public static ulong Invoke(long x) => HashMixer.Mix((ulong)x);

    public static Vector128<ulong> Invoke(Vector128<long> x) => HashMixer.Mix(x.AsUInt64());

    public static Vector256<ulong> Invoke(Vector256<long> x) => HashMixer.Mix(x.AsUInt64());

    public static Vector512<ulong> Invoke(Vector512<long> x) => HashMixer.Mix(x.AsUInt64());
}

/// <summary>Hash of a double: its canonical bits (0.0 for -0.0, one NaN for all NaNs), mixed.</summary>
public readonly struct DoubleHashOperator : IUnaryOperator<double, ulong>
{
    public static bool Vectorizable => true;

    public static ulong Invoke(double x) => HashMixer.Mix(HashMixer.CanonicalBits(x));

    public static Vector128<ulong> Invoke(Vector128<double> x) => HashMixer.Mix(HashMixer.CanonicalBits(x));

    public static Vector256<ulong> Invoke(Vector256<double> x) => HashMixer.Mix(HashMixer.CanonicalBits(x));

    public static Vector512<ulong> Invoke(Vector512<double> x) => HashMixer.Mix(HashMixer.CanonicalBits(x));
}

/// <summary>Folds a column's hashes into the running row hashes: acc * 31 + h.</summary>
public readonly struct HashCombineOperator : IBinaryOperator<ulong>
{
    public static bool Vectorizable => true;

    public static ulong Invoke(ulong x, ulong y) => HashMixer.Combine(x, y);

    // acc * 31 = (acc << 5) - acc: no 64-bit multiply, which AVX2 lacks.
    public static Vector128<ulong> Invoke(Vector128<ulong> x, Vector128<ulong> y) => Vector128.ShiftLeft(x, 5) - x + y;

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => Vector256.ShiftLeft(x, 5) - x + y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => Vector512.ShiftLeft(x, 5) - x + y;
}
