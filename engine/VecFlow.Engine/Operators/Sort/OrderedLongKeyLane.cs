using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>A key lane of every fixed-width type up to 64 bits (integers, temporals, booleans, FLOAT, DOUBLE) as order-preserving longs.</summary>
/// <remarks>
/// Floating values map to longs whose signed order is Java's order for doubles with SQL equality: -0.0 equals 0.0,
/// every NaN is one value greater than +Infinity (Flink sorts NaN last ascending). Booleans map to 0 and 1.
/// </remarks>
internal sealed class OrderedLongKeyLane(SqlType type, bool descending, bool nullsFirst) : KeyLane(descending, nullsFirst)
{
    private readonly SqlTypeKind _kind = type.Kind;
    private long[] _values = new long[16];

    public override long MemoryBytes => base.MemoryBytes + ((long)_values.Length * sizeof(long));

    public long ValueAt(int row) => _values[row];

    /// <summary>The order-preserving long of a double (NaN greatest, -0.0 equal to 0.0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long OrderedBits(double value)
    {
        if (double.IsNaN(value))
        {
            return long.MaxValue;
        }

        long bits = BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        return bits < 0 ? bits ^ long.MaxValue : bits;
    }

    protected override void AppendValues(ColumnVector column, int start, int count, int at)
    {
        EnsureCapacity(ref _values, at + count);
        Span<long> target = _values.AsSpan(at, count);
        switch (_kind)
        {
            case SqlTypeKind.Boolean:
                {
                    ReadOnlySpan<ulong> words = column.BooleanWords;
                    for (int i = 0; i < count; i++)
                    {
                        target[i] = Bits.Get(words, start + i) ? 1 : 0;
                    }

                    break;
                }

            case SqlTypeKind.Float:
                {
                    ReadOnlySpan<float> values = column.Values<float>().Slice(start, count);
                    for (int i = 0; i < count; i++)
                    {
                        target[i] = OrderedBits(values[i]);
                    }

                    break;
                }

            case SqlTypeKind.Double:
                {
                    ReadOnlySpan<double> values = column.Values<double>().Slice(start, count);
                    for (int i = 0; i < count; i++)
                    {
                        target[i] = OrderedBits(values[i]);
                    }

                    break;
                }

            default:
                switch (column.Type.FixedWidth)
                {
                    case 1: Widen(column.Values<sbyte>().Slice(start, count), target); break;
                    case 2: Widen(column.Values<short>().Slice(start, count), target); break;
                    case 4: Widen(column.Values<int>().Slice(start, count), target); break;
                    case 8: column.Values<long>().Slice(start, count).CopyTo(target); break;
                    default: throw new NotSupportedException($"Cannot order values of type {column.Type}.");
                }

                break;
        }
    }

    protected override int CompareValues(int row, KeyLane other, int otherRow) =>
        _values[row].CompareTo(Unsafe.As<OrderedLongKeyLane>(other)._values[otherRow]);

    private static void Widen<T>(ReadOnlySpan<T> source, Span<long> target)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < source.Length; i++)
        {
            target[i] = long.CreateTruncating(source[i]);
        }
    }
}
