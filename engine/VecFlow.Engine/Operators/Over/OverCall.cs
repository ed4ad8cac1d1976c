using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>One function of an OVER aggregate: <c>f(x) OVER (PARTITION BY ... ORDER BY ... frame) AS name</c>.</summary>
/// <param name="Function">The aggregate or ranking function.</param>
/// <param name="Argument">Input column aggregated; null for COUNT(*) and the ranking functions.</param>
/// <param name="ResultType">The SQL result type the binder derived (Flink's rules: SUM(INT) is INT, AVG(INT) is INT, COUNT is BIGINT NOT NULL).</param>
/// <param name="Name">The output column name.</param>
/// <param name="Frame">The frame; ignored by the ranking functions.</param>
public sealed record OverCall(OverFunction Function, int? Argument, SqlType ResultType, string Name, OverFrame Frame)
{
    /// <summary>An aggregate call, as aggregation operators name their functions.</summary>
    public OverCall(AggregateFunction function, int? argument, SqlType resultType, string name, OverFrame frame)
        : this(FromAggregate(function), argument, resultType, name, frame)
    {
    }

    public bool IsRanking => Function is OverFunction.RowNumber or OverFunction.Rank or OverFunction.DenseRank;

    private static OverFunction FromAggregate(AggregateFunction function) => function switch
    {
        AggregateFunction.Count => OverFunction.Count,
        AggregateFunction.CountStar => OverFunction.CountStar,
        AggregateFunction.Sum => OverFunction.Sum,
        AggregateFunction.Min => OverFunction.Min,
        AggregateFunction.Max => OverFunction.Max,
        AggregateFunction.Avg => OverFunction.Avg,
        _ => throw new NotSupportedException($"Aggregate {function} is not supported in an OVER window."),
    };

    public override string ToString() =>
        $"{Function.ToString().ToUpperInvariant()}({(Argument is { } a ? $"${a}" : IsRanking ? string.Empty : "*")}) OVER ({(IsRanking ? string.Empty : Frame.ToString())}) AS {Name}";
}
