using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Drivers;
using Width = VecFlow.Vector.Kernels.Drivers.ComparisonDriver.Width;

namespace VecFlow.Vector.Tests.Comparison;

/// <summary>Span-level comparisons at every vector width, element type, operator and length against a scalar reference.</summary>
public sealed class ComparisonDriverTests
{
    private const ulong Sentinel = 0xDEADBEEFCAFEF00DUL;

    [Fact]
    public void SByte_all_widths() => Check<sbyte>([sbyte.MinValue, sbyte.MaxValue, 0, -1, 1]);

    [Fact]
    public void Int16_all_widths() => Check<short>([short.MinValue, short.MaxValue, 0, -1, 1]);

    [Fact]
    public void Int32_all_widths() => Check<int>([int.MinValue, int.MaxValue, 0, -1, 1]);

    [Fact]
    public void Int64_all_widths() => Check<long>([long.MinValue, long.MaxValue, 0, -1, 1]);

    [Fact]
    public void Byte_all_widths() => Check<byte>([byte.MinValue, byte.MaxValue, 1, 0x7F, 0x80]);

    [Fact]
    public void UInt16_all_widths() => Check<ushort>([ushort.MinValue, ushort.MaxValue, 1, 0x7FFF, 0x8000]);

    [Fact]
    public void UInt32_all_widths() => Check<uint>([uint.MinValue, uint.MaxValue, 1, int.MaxValue, 1u << 31]);

    [Fact]
    public void UInt64_all_widths() => Check<ulong>([ulong.MinValue, ulong.MaxValue, 1, long.MaxValue, 1UL << 63]);

    [Fact]
    public void Single_all_widths_with_IEEE_NaN() => Check<float>(
        [float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, 1f]);

    [Fact]
    public void Double_all_widths_with_IEEE_NaN() => Check<double>(
        [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0d, -0d, double.MaxValue, double.MinValue, double.Epsilon, 1d]);

    [Fact]
    public void Int128_takes_the_scalar_path() => Check<Int128>([Int128.MinValue, Int128.MaxValue, 0, -1, 1]);

    [Fact]
    public void NaN_semantics_are_IEEE()
    {
        double[] x = [double.NaN, double.NaN, 1.0, -0.0];
        double[] y = [double.NaN, 1.0, double.NaN, 0.0];
        Span<ulong> bits = stackalloc ulong[1];
        ComparisonKernels.Compare<double>(x, ComparisonOp.Equal, y, bits);
        Assert.Equal(0b1000UL, bits[0]);
        ComparisonKernels.Compare<double>(x, ComparisonOp.NotEqual, y, bits);
        Assert.Equal(0b0111UL, bits[0]);
        foreach (ComparisonOp op in new[] { ComparisonOp.Less, ComparisonOp.Greater })
        {
            ComparisonKernels.Compare<double>(x, op, y, bits);
            Assert.Equal(0UL, bits[0]);
        }

        foreach (ComparisonOp op in new[] { ComparisonOp.LessOrEqual, ComparisonOp.GreaterOrEqual })
        {
            ComparisonKernels.Compare<double>(x, op, y, bits);
            Assert.Equal(0b1000UL, bits[0]);
        }
    }

    [Fact]
    public void Short_destination_and_mismatched_lengths_are_rejected()
    {
        int[] x = new int[65];
        ulong[] one = new ulong[1];
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare<int>(x, ComparisonOp.Less, 3, one));
        Assert.Throws<ArgumentException>(() => ComparisonKernels.Compare<int>(x, ComparisonOp.Less, new int[64], new ulong[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ComparisonKernels.Compare<int>(x, (ComparisonOp)42, 3, new ulong[2]));
    }

    private static void Check<T>(T[] edges)
        where T : unmanaged, INumber<T>
    {
        var random = new Random(typeof(T).Name.Length * 7919);
        Width?[] widths = [null, Width.Scalar, Width.Vector128, Width.Vector256, Width.Vector512];
        for (int n = 0; n <= 257; n++)
        {
            T[] x = new T[n];
            T[] y = new T[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = Next(random, edges);
                y[i] = Next(random, edges);
            }

            T constant = n > 0 && random.Next(2) == 0 ? x[random.Next(n)] : Next(random, edges);
            int words = Bits.WordCount(n);
            ulong[] destination = new ulong[words + 1];
            foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
            {
                ulong[] expectedColumn = Expected(x, op, i => y[i]);
                ulong[] expectedConstant = Expected(x, op, _ => constant);
                foreach (Width? width in widths)
                {
                    destination.AsSpan().Fill(Sentinel);
                    Run(x, op, y, destination, width);
                    Verify(expectedColumn, destination, $"{typeof(T).Name} n={n} x {op.ToSql()} y at {width?.ToString() ?? "best"}");

                    destination.AsSpan().Fill(Sentinel);
                    Run(x, op, constant, destination, width);
                    Verify(expectedConstant, destination, $"{typeof(T).Name} n={n} x {op.ToSql()} {constant} at {width?.ToString() ?? "best"}");
                }
            }
        }
    }

    // The reference bitmap, one row at a time; padding bits stay zero.
    private static ulong[] Expected<T>(T[] x, ComparisonOp op, Func<int, T> y)
        where T : unmanaged, INumber<T>
    {
        ulong[] words = new ulong[Bits.WordCount(x.Length)];
        for (int i = 0; i < x.Length; i++)
        {
            if (Reference.Holds(op, Reference.Order(x[i], y(i))))
            {
                Bits.Set(words, i);
            }
        }

        return words;
    }

    private static void Verify(ulong[] expected, ulong[] destination, string what)
    {
        for (int w = 0; w < expected.Length; w++)
        {
            if (destination[w] != expected[w])
            {
                // Includes the padding bits past the last row, which must be written as zero.
                int row = (w * 64) + BitOperations.TrailingZeroCount(destination[w] ^ expected[w]);
                Assert.Fail($"{what}: bit {row} is {Bits.Get(destination, row)}, expected {Bits.Get(expected, row)}.");
            }
        }

        Assert.True(destination[expected.Length] == Sentinel, $"{what}: the word past the bitmap was written.");
    }

    private static T Next<T>(Random random, T[] edges)
        where T : unmanaged, INumber<T>
    {
        switch (random.Next(3))
        {
            case 0:
                return edges[random.Next(edges.Length)];
            case 1:
                return T.CreateTruncating(random.Next(-3, 4));
            default:
                byte[] bytes = new byte[Unsafe.SizeOf<T>()];
                random.NextBytes(bytes);
                return MemoryMarshal.Read<T>(bytes);
        }
    }

    private static void Run<T>(T[] x, ComparisonOp op, T[] y, Span<ulong> d, Width? width)
        where T : unmanaged, INumber<T>
    {
        if (width is not { } w)
        {
            ComparisonKernels.Compare<T>(x, op, y, d);
            return;
        }

        switch (op)
        {
            case ComparisonOp.Equal: ComparisonDriver.Invoke<T, EqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.NotEqual: ComparisonDriver.Invoke<T, NotEqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.Less: ComparisonDriver.Invoke<T, LessOperator<T>>(x, y, d, w); break;
            case ComparisonOp.LessOrEqual: ComparisonDriver.Invoke<T, LessOrEqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.Greater: ComparisonDriver.Invoke<T, GreaterOperator<T>>(x, y, d, w); break;
            default: ComparisonDriver.Invoke<T, GreaterOrEqualOperator<T>>(x, y, d, w); break;
        }
    }

    private static void Run<T>(T[] x, ComparisonOp op, T y, Span<ulong> d, Width? width)
        where T : unmanaged, INumber<T>
    {
        if (width is not { } w)
        {
            ComparisonKernels.Compare<T>(x, op, y, d);
            return;
        }

        switch (op)
        {
            case ComparisonOp.Equal: ComparisonDriver.Invoke<T, EqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.NotEqual: ComparisonDriver.Invoke<T, NotEqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.Less: ComparisonDriver.Invoke<T, LessOperator<T>>(x, y, d, w); break;
            case ComparisonOp.LessOrEqual: ComparisonDriver.Invoke<T, LessOrEqualOperator<T>>(x, y, d, w); break;
            case ComparisonOp.Greater: ComparisonDriver.Invoke<T, GreaterOperator<T>>(x, y, d, w); break;
            default: ComparisonDriver.Invoke<T, GreaterOrEqualOperator<T>>(x, y, d, w); break;
        }
    }
}
