using VecFlow.Sql.Source;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Result types of aggregate functions, as Flink derives them.</summary>
internal static class AggregateTyping
{
    public static bool IsAggregate(string name) => name.ToUpperInvariant() is "COUNT" or "SUM" or "MIN" or "MAX" or "AVG"
        or "STDDEV" or "STDDEV_POP" or "STDDEV_SAMP" or "VARIANCE" or "VAR_POP" or "VAR_SAMP";

    /// <summary>Flink aggregate functions VecFlow does not have yet; naming them gets a clear "not supported".</summary>
    public static bool IsUnsupported(string name) => name.ToUpperInvariant() is "COLLECT" or "LISTAGG" or "FIRST_VALUE" or "LAST_VALUE" or "ARRAY_AGG" or "JSON_ARRAYAGG" or "JSON_OBJECTAGG" or "SINGLE_VALUE";

    public static SqlValidationException Unsupported(string name, SourceSpan span) =>
        new(span, $"not supported: the aggregate function {name.ToUpperInvariant()}; supported aggregates are COUNT, SUM, MIN, MAX, AVG, STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP");

    public static AggregateFunction Function(string name, bool star) => name.ToUpperInvariant() switch
    {
        "COUNT" => star ? AggregateFunction.CountStar : AggregateFunction.Count,
        "SUM" => AggregateFunction.Sum,
        "MIN" => AggregateFunction.Min,
        "MAX" => AggregateFunction.Max,
        "STDDEV_POP" => AggregateFunction.StddevPop,
        "STDDEV" or "STDDEV_SAMP" => AggregateFunction.StddevSamp,
        "VAR_POP" => AggregateFunction.VarPop,
        "VARIANCE" or "VAR_SAMP" => AggregateFunction.VarSamp,
        _ => AggregateFunction.Avg,
    };

    public static SqlType ResultType(AggregateFunction function, SqlType? input, SourceSpan span)
    {
        switch (function)
        {
            case AggregateFunction.Count:
            case AggregateFunction.CountStar:
                return SqlType.BigInt.WithNullable(false);
            case AggregateFunction.Min:
            case AggregateFunction.Max:
                return input!.WithNullable(true);
            case AggregateFunction.Sum:
                return input!.Kind switch
                {
                    SqlTypeKind.Decimal => SqlType.Decimal(SqlType.MaxDecimalPrecision, input.Scale),
                    _ when input.IsNumeric => input.WithNullable(true),
                    _ => throw NotNumeric("SUM", input, span),
                };
            default:
                // AVG and the variance family share Flink's rule: the input type, DECIMAL(38, max(s, 6)) for decimals.
                return input!.Kind switch
                {
                    SqlTypeKind.Decimal => SqlType.Decimal(SqlType.MaxDecimalPrecision, Math.Max(input.Scale, 6)),
                    _ when input.IsNumeric => input.WithNullable(true),
                    _ => throw NotNumeric(function == AggregateFunction.Avg ? "AVG" : new VarianceKind(function).Name, input, span),
                };
        }
    }

    private static SqlValidationException NotNumeric(string function, SqlType input, SourceSpan span) =>
        new(span, $"{function} needs a numeric argument, not {input.WithNullable(true)}");
}
