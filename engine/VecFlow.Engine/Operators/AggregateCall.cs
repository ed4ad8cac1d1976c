using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators;

/// <summary>One aggregate of an aggregation operator, over columns of the operator's input.</summary>
/// <param name="Function">COUNT, COUNT(*), SUM, MIN, MAX or AVG.</param>
/// <param name="Argument">Input column aggregated; null for COUNT(*).</param>
/// <param name="Distinct">Only distinct non-NULL argument values of a group count (COUNT(DISTINCT x)).</param>
/// <param name="Filter">A BOOLEAN input column: only rows where it is TRUE count (<c>FILTER (WHERE ...)</c>); null for all rows.</param>
/// <param name="ResultType">The SQL result type the binder derived (Flink's rules: SUM(INT) is INT, AVG(INT) is INT, COUNT is BIGINT NOT NULL).</param>
/// <param name="Name">The output column name.</param>
public sealed record AggregateCall(
    AggregateFunction Function,
    int? Argument,
    bool Distinct,
    int? Filter,
    SqlType ResultType,
    string Name)
{
    public override string ToString() =>
        $"{Function.ToString().ToUpperInvariant()}({(Distinct ? "DISTINCT " : string.Empty)}{(Argument is { } a ? $"${a}" : "*")}){(Filter is { } f ? $" FILTER ${f}" : string.Empty)}";
}
