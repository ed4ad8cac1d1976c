using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>One function of an OVER aggregate: <c>f(x) OVER (PARTITION BY ... ORDER BY ... frame) AS name</c>.</summary>
/// <param name="Function">The aggregate or ranking function.</param>
/// <param name="Argument">Input column aggregated; null for COUNT(*) and the ranking functions.</param>
/// <param name="ResultType">The SQL result type the binder derived (Flink's rules: SUM(INT) is INT, AVG(INT) is INT, COUNT is BIGINT NOT NULL).</param>
/// <param name="Name">The output column name.</param>
/// <param name="Frame">The frame; ignored by the ranking functions, LAG, LEAD and NTILE.</param>
/// <param name="Offset">LAG / LEAD: how many rows back or ahead (default 1); NTILE: the number of buckets.</param>
/// <param name="Default">LAG / LEAD: the input column (of the result type) whose value the current row takes when no row is that far; null for NULL.</param>
public sealed record OverCall(OverFunction Function, int? Argument, SqlType ResultType, string Name, OverFrame Frame, long Offset = 1, int? Default = null)
{
    /// <summary>An aggregate call, as aggregation operators name their functions.</summary>
    public OverCall(AggregateFunction function, int? argument, SqlType resultType, string name, OverFrame frame)
        : this(FromAggregate(function), argument, resultType, name, frame)
    {
    }

    public bool IsRanking => Function is OverFunction.RowNumber or OverFunction.Rank or OverFunction.DenseRank or OverFunction.Ntile;

    /// <summary>LAG or LEAD: a row at a fixed distance in the partition, whatever the frame.</summary>
    public bool IsOffset => Function is OverFunction.Lag or OverFunction.Lead;

    /// <summary>The over function of an aggregate function.</summary>
    public static OverFunction FromAggregate(AggregateFunction function) => function switch
    {
        AggregateFunction.Count => OverFunction.Count,
        AggregateFunction.CountStar => OverFunction.CountStar,
        AggregateFunction.Sum => OverFunction.Sum,
        AggregateFunction.Min => OverFunction.Min,
        AggregateFunction.Max => OverFunction.Max,
        AggregateFunction.Avg => OverFunction.Avg,
        AggregateFunction.StddevPop => OverFunction.StddevPop,
        AggregateFunction.StddevSamp => OverFunction.StddevSamp,
        AggregateFunction.VarPop => OverFunction.VarPop,
        AggregateFunction.VarSamp => OverFunction.VarSamp,
        _ => throw new NotSupportedException($"Aggregate {function} is not supported in an OVER window."),
    };

    public override string ToString() =>
        $"{Function.ToString().ToUpperInvariant()}({Arguments()}) OVER ({(IsRanking || IsOffset ? string.Empty : Frame.ToString())}) AS {Name}";

    private string Arguments() => Function switch
    {
        OverFunction.Ntile => Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OverFunction.Lag or OverFunction.Lead => $"${Argument}, {Offset}{(Default is { } d ? $", ${d}" : string.Empty)}",
        _ => Argument is { } a ? $"${a}" : IsRanking ? string.Empty : "*",
    };
}
