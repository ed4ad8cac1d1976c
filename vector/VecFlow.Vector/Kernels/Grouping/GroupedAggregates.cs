using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Grouping;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Creates the per-group accumulator of an aggregate function for an input type.</summary>
/// <remarks>Result types and NULL/overflow rules are those of <see cref="AggregateKernels"/>.</remarks>
public static class GroupedAggregates
{
    /// <summary>A new, empty grouped aggregate; <paramref name="inputType"/> may be null only for COUNT(*).</summary>
    public static IGroupedAggregate Create(AggregateFunction function, SqlType? inputType)
    {
        if (function == AggregateFunction.CountStar)
        {
            return new GroupedCount(null);
        }

        if (inputType is null)
        {
            throw new ArgumentNullException(nameof(inputType), $"{function.ToString().ToUpperInvariant()} needs the type of its argument; only COUNT(*) has none.");
        }

        return function switch
        {
            AggregateFunction.Count => new GroupedCount(inputType),
            AggregateFunction.Sum => CreateSum(inputType, average: false),
            AggregateFunction.Avg => CreateSum(inputType, average: true),
            AggregateFunction.Min => CreateExtreme(inputType, max: false),
            AggregateFunction.Max => CreateExtreme(inputType, max: true),
            AggregateFunction.StddevPop or AggregateFunction.StddevSamp or AggregateFunction.VarPop or AggregateFunction.VarSamp
                => CreateMoments(inputType, new VarianceKind(function)),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Not an aggregate function VecFlow implements."),
        };
    }

    private static IGroupedAggregate CreateSum(SqlType inputType, bool average)
    {
        // Validates the input type and throws the same "not defined for" message as the whole-column kernels.
        _ = average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType);
        return inputType.Kind switch
        {
            SqlTypeKind.TinyInt => new GroupedIntegerSum<sbyte>(inputType, average),
            SqlTypeKind.SmallInt => new GroupedIntegerSum<short>(inputType, average),
            SqlTypeKind.Int => new GroupedIntegerSum<int>(inputType, average),
            SqlTypeKind.BigInt => new GroupedIntegerSum<long>(inputType, average),
            SqlTypeKind.Float => new GroupedDoubleSum<float>(inputType, average),
            SqlTypeKind.Double => new GroupedDoubleSum<double>(inputType, average),
            _ => new GroupedDecimalSum(inputType, average),
        };
    }

    private static IGroupedAggregate CreateMoments(SqlType inputType, VarianceKind kind) => inputType.Kind switch
    {
        SqlTypeKind.TinyInt => new GroupedExactMoments<sbyte>(inputType, kind),
        SqlTypeKind.SmallInt => new GroupedExactMoments<short>(inputType, kind),
        SqlTypeKind.Int => new GroupedExactMoments<int>(inputType, kind),
        SqlTypeKind.BigInt => new GroupedExactMoments<long>(inputType, kind),
        SqlTypeKind.Float => new GroupedWelfordMoments<float>(inputType, kind),
        SqlTypeKind.Double => new GroupedWelfordMoments<double>(inputType, kind),
        SqlTypeKind.Decimal => new GroupedWelfordMoments<Int128>(inputType, kind),
        _ => throw new NotSupportedException($"{kind.Name} is not defined for {inputType}; it needs a numeric argument."),
    };

    private static IGroupedAggregate CreateExtreme(SqlType inputType, bool max) => inputType.Kind switch
    {
        SqlTypeKind.Boolean => new GroupedBooleanExtreme(inputType, max),
        SqlTypeKind.Varchar => new GroupedStringExtreme(inputType, max),
        SqlTypeKind.Float => max
            ? new GroupedExtreme<float, FloatingMaxOperator<float>>(inputType)
            : new GroupedExtreme<float, FloatingMinOperator<float>>(inputType),
        SqlTypeKind.Double => max
            ? new GroupedExtreme<double, FloatingMaxOperator<double>>(inputType)
            : new GroupedExtreme<double, FloatingMinOperator<double>>(inputType),
        SqlTypeKind.Decimal => Integer<Int128>(inputType, max),
        SqlTypeKind.Null => throw new NotSupportedException("MIN/MAX of an untyped NULL column is not defined; cast the NULL to a type."),
        _ => inputType.FixedWidth switch
        {
            1 => Integer<sbyte>(inputType, max),
            2 => Integer<short>(inputType, max),
            4 => Integer<int>(inputType, max),
            8 => Integer<long>(inputType, max),
            _ => throw new NotSupportedException($"MIN/MAX is not defined for {inputType}."),
        },
    };

    private static IGroupedAggregate Integer<T>(SqlType inputType, bool max)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> => max
        ? new GroupedExtreme<T, IntegerMaxOperator<T>>(inputType)
        : new GroupedExtreme<T, IntegerMinOperator<T>>(inputType);
}
