using VecFlow.Engine.Operators.Sort;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>The computed values of one OVER call for every row of a region, cut into output columns.</summary>
internal abstract class OverResult
{
    public abstract ColumnVector Slice(OverRegion region, int from, int count, BufferPool pool);
}

/// <summary>Results held as longs (integer types, COUNT, ranks), doubles or unscaled decimals, written in the result type's width.</summary>
internal sealed class ComputedResult(SqlType type, int rows) : OverResult
{
    public SqlType Type { get; } = type;

    public bool[] Valid { get; } = new bool[rows];

    public long[]? Longs { get; } = type.IsInteger ? new long[rows] : null;

    public double[]? Doubles { get; } = type.IsFloating ? new double[rows] : null;

    public Int128[]? Decimals { get; } = type.Kind == SqlTypeKind.Decimal ? new Int128[rows] : null;

    public override ColumnVector Slice(OverRegion region, int from, int count, BufferPool pool)
    {
        ReadOnlySpan<bool> valid = Valid.AsSpan(from, count);
        switch (Type.Kind)
        {
            case SqlTypeKind.TinyInt: return ColumnFactory.FromValues(Type, Narrow<sbyte>(from, count), valid, pool);
            case SqlTypeKind.SmallInt: return ColumnFactory.FromValues(Type, Narrow<short>(from, count), valid, pool);
            case SqlTypeKind.Int: return ColumnFactory.FromValues(Type, Narrow<int>(from, count), valid, pool);
            case SqlTypeKind.BigInt: return ColumnFactory.FromValues<long>(Type, Longs.AsSpan(from, count), valid, pool);
            case SqlTypeKind.Double: return ColumnFactory.FromValues<double>(Type, Doubles.AsSpan(from, count), valid, pool);
            case SqlTypeKind.Float:
                {
                    float[] values = new float[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = (float)Doubles![from + i];
                    }

                    return ColumnFactory.FromValues<float>(Type, values, valid, pool);
                }

            case SqlTypeKind.Decimal: return ColumnFactory.FromValues<Int128>(Type, Decimals.AsSpan(from, count), valid, pool);
            default: throw new NotSupportedException($"An OVER result of type {Type} is not supported; expected a number.");
        }
    }

    private T[] Narrow<T>(int from, int count)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            // Values were range-checked when computed.
            values[i] = T.CreateTruncating(Longs![from + i]);
        }

        return values;
    }
}

/// <summary>MIN / MAX results as the region row holding the extreme argument value, gathered from the input column.</summary>
internal sealed class PickedRowResult(int argument, int rows) : OverResult
{
    /// <summary>Region row whose argument is the result; a row whose own argument is NULL stands for a NULL result.</summary>
    public int[] Rows { get; } = new int[rows];

    public override ColumnVector Slice(OverRegion region, int from, int count, BufferPool pool)
    {
        int[] sources = new int[count];
        int[] rows = new int[count];
        for (int i = 0; i < count; i++)
        {
            int picked = Rows[from + i];
            sources[i] = region.SourceOf[picked];
            rows[i] = region.RowOf[picked];
        }

        return RowGather.GatherColumn(region.Sources, argument, sources, rows, pool);
    }
}
