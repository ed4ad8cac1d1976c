using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Aggregation;

/// <summary>Random columns of every SQL type with their managed values, for comparing kernels with scalar references.</summary>
internal static class TestColumns
{
    public static readonly SqlType[] AllTypes =
    [
        SqlType.Boolean, SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
        SqlType.Decimal(20, 2), SqlType.Decimal(38, 4), SqlType.Varchar, SqlType.Date, SqlType.Timestamp,
    ];

    public static readonly SqlType[] NumericTypes =
    [
        SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
        SqlType.Decimal(20, 2), SqlType.Decimal(38, 4),
    ];

    private static readonly string[] Strings = ["", "a", "ab", "b", "é", "z", "😀", "\uFFFD", "\uE000", "abc", "Zebra", "zebra"];

    /// <summary>
    /// Random values (null with probability <paramref name="nullRate"/>). <paramref name="forSum"/> keeps magnitudes
    /// small enough that 258 of them cannot overflow and leaves out infinities and NaN (whose sums depend on order).
    /// </summary>
    public static object?[] Values(SqlType type, int n, Random random, double nullRate, bool forSum = false)
    {
        var values = new object?[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = random.NextDouble() < nullRate ? null : Value(type, random, forSum);
        }

        return values;
    }

    public static object Value(SqlType type, Random random, bool forSum)
    {
        bool edge = random.Next(8) == 0;
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                return random.Next(2) == 0;
            case SqlTypeKind.TinyInt:
                return edge ? Pick(random, sbyte.MinValue, sbyte.MaxValue, (sbyte)0, (sbyte)-1) : (sbyte)random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
            case SqlTypeKind.SmallInt:
                return edge ? Pick(random, short.MinValue, short.MaxValue, (short)0, (short)-1) : (short)random.Next(short.MinValue, short.MaxValue + 1);
            case SqlTypeKind.Int:
            case SqlTypeKind.Date:
                return edge ? Pick(random, int.MinValue, int.MaxValue, 0, -1) : random.Next(int.MinValue, int.MaxValue);
            case SqlTypeKind.BigInt:
            case SqlTypeKind.Timestamp:
                if (forSum)
                {
                    return edge ? Pick(random, 0L, -1L, 1L << 50, -(1L << 50)) : random.NextInt64(-(1L << 50), 1L << 50);
                }

                return edge ? Pick(random, long.MinValue, long.MaxValue, 0L, -1L) : random.NextInt64(long.MinValue, long.MaxValue);
            case SqlTypeKind.Float:
                if (edge)
                {
                    return forSum ? Pick(random, 0f, -0f, 1e-30f) : Pick(random, float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue);
                }

                return (float)((random.NextDouble() - 0.5) * 2e6);
            case SqlTypeKind.Double:
                if (edge)
                {
                    return forSum ? Pick(random, 0.0, -0.0, 1e-300) : Pick(random, double.NaN, -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001UL)));
                }

                return (random.NextDouble() - 0.5) * 2e12;
            case SqlTypeKind.Decimal:
                {
                    int digits = forSum ? Math.Min(type.Precision, 35) : type.Precision;
                    Int128 limit = Int128.Parse(new string('9', digits), System.Globalization.CultureInfo.InvariantCulture);
                    if (edge)
                    {
                        return Pick(random, limit, -limit, Int128.Zero, Int128.NegativeOne);
                    }

                    Int128 value = ((Int128)random.NextInt64() << 64) | (ulong)random.NextInt64();
                    return value % (limit + 1);
                }

            case SqlTypeKind.Varchar:
                return random.Next(4) == 0 ? RandomAscii(random) : Strings[random.Next(Strings.Length)];
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    public static ColumnVector Build(SqlType type, IReadOnlyList<object?> values, BufferPool pool) => type.Kind switch
    {
        SqlTypeKind.Boolean => ColumnFactory.FromBooleans(values.Select(v => (bool?)v).ToList(), pool),
        SqlTypeKind.Varchar => ColumnFactory.FromStrings(values.Select(v => (string?)v).ToList(), pool),
        SqlTypeKind.TinyInt => ColumnFactory.FromNullable(type, values.Select(v => (sbyte?)v).ToList(), pool),
        SqlTypeKind.SmallInt => ColumnFactory.FromNullable(type, values.Select(v => (short?)v).ToList(), pool),
        SqlTypeKind.Int or SqlTypeKind.Date => ColumnFactory.FromNullable(type, values.Select(v => (int?)v).ToList(), pool),
        SqlTypeKind.BigInt or SqlTypeKind.Timestamp => ColumnFactory.FromNullable(type, values.Select(v => (long?)v).ToList(), pool),
        SqlTypeKind.Float => ColumnFactory.FromNullable(type, values.Select(v => (float?)v).ToList(), pool),
        SqlTypeKind.Double => ColumnFactory.FromNullable(type, values.Select(v => (double?)v).ToList(), pool),
        SqlTypeKind.Decimal => ColumnFactory.FromNullable(type, values.Select(v => (Int128?)v).ToList(), pool),
        _ => throw new NotSupportedException(type.ToString()),
    };

    /// <summary>A random selection mask (about half the rows) with clear padding, and its bools.</summary>
    public static (ulong[] Words, bool[] Live) PartialMask(int n, Random random)
    {
        ulong[] words = new ulong[Bits.WordCount(n)];
        bool[] live = new bool[n];
        for (int i = 0; i < n; i++)
        {
            // Long runs of live rows exercise the all-ones word path, random bits the blended one.
            live[i] = (i / 64) % 3 == 1 || random.Next(2) == 0;
            if (live[i])
            {
                Bits.Set(words, i);
            }
        }

        return (words, live);
    }

    /// <summary>The three selection shapes every kernel test runs: no mask, a mask of every row, a partial mask.</summary>
    public static IEnumerable<(string Name, ulong[] Words, bool[] Live)> Masks(int n, Random random)
    {
        yield return ("none", [], Enumerable.Repeat(true, n).ToArray());
        ulong[] all = new ulong[Bits.WordCount(n)];
        Bits.SetAll(all, n);
        yield return ("all", all, Enumerable.Repeat(true, n).ToArray());
        (ulong[] words, bool[] live) = PartialMask(n, random);
        yield return ("partial", words, live);
    }

    /// <summary>SQL order for the reference: NaN largest, -0.0 == 0.0, strings by UTF-8 bytes, FALSE &lt; TRUE.</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
        (float x, float y) => CompareDouble(x, y),
        (double x, double y) => CompareDouble(x, y),
        _ => ((IComparable)a).CompareTo(b),
    };

    private static int CompareDouble(double x, double y) =>
        double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : x < y ? -1 : x > y ? 1 : 0;

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static string RandomAscii(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next('a', 'e');
        }

        return new string(chars);
    }
}
