using System.Numerics;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

/// <summary>How a kernel test lays out NULLs and the live mask.</summary>
public enum RowMode
{
    /// <summary>No NULLs, every row live (empty mask).</summary>
    AllLive,

    /// <summary>Random NULLs; the values under them are hostile (would fail if computed).</summary>
    RandomNulls,

    /// <summary>A random live mask; non-live rows hold hostile values.</summary>
    PartialLive,

    /// <summary>NULLs and a live mask at once, with one live failing row planted somewhere.</summary>
    PlantedFailure,
}

/// <summary>Builds columns from managed values, masks and reference numbers for the arithmetic and cast tests.</summary>
public static class KernelTestData
{
    public static readonly SqlType[] IntegerTypes = [SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt];

    public static readonly ArithmeticOpList AllOps = new();

    /// <summary>A column of <paramref name="type"/> from boxed physical values (long/double/Int128/... are converted); null is SQL NULL.</summary>
    public static ColumnVector Column(SqlType type, IReadOnlyList<object?> values, BufferPool pool)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                return ColumnFactory.FromBooleans(values.Select(v => (bool?)v).ToList(), pool);
            case SqlTypeKind.Varchar:
                return ColumnFactory.FromStrings(values.Select(v => (string?)v).ToList(), pool);
            case SqlTypeKind.TinyInt:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (sbyte?)null : (sbyte)Convert.ToInt64(v)).ToList(), pool);
            case SqlTypeKind.SmallInt:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (short?)null : (short)Convert.ToInt64(v)).ToList(), pool);
            case SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (int?)null : (int)Convert.ToInt64(v)).ToList(), pool);
            case SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v)).ToList(), pool);
            case SqlTypeKind.Float:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (float?)null : Convert.ToSingle(v)).ToList(), pool);
            case SqlTypeKind.Double:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v)).ToList(), pool);
            case SqlTypeKind.Decimal:
                return ColumnFactory.FromNullable(type, values.Select(v => v is null ? (Int128?)null : (Int128)v).ToList(), pool);
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    /// <summary>An integer column (any width) from longs; null is SQL NULL.</summary>
    public static ColumnVector IntegerColumn(SqlType type, long?[] values, BufferPool pool)
    {
        bool[] valid = values.Select(v => v.HasValue).ToArray();
        return type.Kind switch
        {
            SqlTypeKind.TinyInt => ColumnFactory.FromValues<sbyte>(type, values.Select(v => (sbyte)v.GetValueOrDefault()).ToArray(), valid, pool),
            SqlTypeKind.SmallInt => ColumnFactory.FromValues<short>(type, values.Select(v => (short)v.GetValueOrDefault()).ToArray(), valid, pool),
            SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth =>
                ColumnFactory.FromValues<int>(type, values.Select(v => (int)v.GetValueOrDefault()).ToArray(), valid, pool),
            _ => ColumnFactory.FromValues<long>(type, values.Select(v => v.GetValueOrDefault()).ToArray(), valid, pool),
        };
    }

    /// <summary>A boxed value of the physical CLR type of <paramref name="type"/> (what ScalarValue holds).</summary>
    public static object Physical(SqlType type, long value) => type.Kind switch
    {
        SqlTypeKind.TinyInt => (sbyte)value,
        SqlTypeKind.SmallInt => (short)value,
        SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth => (int)value,
        SqlTypeKind.Decimal => (Int128)value,
        SqlTypeKind.Float => (float)value,
        SqlTypeKind.Double => (double)value,
        _ => value,
    };

    public static (long Min, long Max) Range(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => (sbyte.MinValue, sbyte.MaxValue),
        SqlTypeKind.SmallInt => (short.MinValue, short.MaxValue),
        SqlTypeKind.Int => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    /// <summary>Validity flags (true = present) for a mode.</summary>
    public static bool[] Validity(Random random, int n, RowMode mode) =>
        Enumerable.Range(0, n).Select(_ => mode is RowMode.AllLive or RowMode.PartialLive || random.Next(4) != 0).ToArray();

    /// <summary>Live flags for a mode; all true when the mode passes an empty mask.</summary>
    public static bool[] Live(Random random, int n, RowMode mode) =>
        Enumerable.Range(0, n).Select(_ => mode is RowMode.AllLive or RowMode.RandomNulls || random.Next(3) != 0).ToArray();

    /// <summary>The live mask words for a mode (empty for modes where every row is live).</summary>
    public static ulong[] Mask(bool[] live, RowMode mode)
    {
        if (mode is RowMode.AllLive or RowMode.RandomNulls)
        {
            return [];
        }

        ulong[] words = new ulong[Bits.WordCount(live.Length)];
        for (int i = 0; i < live.Length; i++)
        {
            if (live[i])
            {
                words[i >> 6] |= 1UL << i;
            }
        }

        return words;
    }

    public static BigInteger Big(object value) => value switch
    {
        Int128 i => (BigInteger)i,
        _ => new BigInteger(Convert.ToInt64(value)),
    };

    public static IEnumerable<int> Lengths() => Enumerable.Range(0, 258);
}

/// <summary>The five arithmetic operators, for theory data.</summary>
public sealed class ArithmeticOpList : TheoryData<Kernels.ArithmeticOp>
{
    public ArithmeticOpList()
    {
        foreach (Kernels.ArithmeticOp op in Enum.GetValues<Kernels.ArithmeticOp>())
        {
            Add(op);
        }
    }
}
