namespace VecFlow.Engine.Jobs;

/// <summary>One row found on one side of a comparison and not the other: Side "-" only in the expected rows, "+" only in the actual rows.</summary>
/// <remarks><see cref="Query"/> is the index of the compared query (the n-th SELECT of a script), from 0.</remarks>
public sealed record RowDifference(int Query, string Side, IReadOnlyList<string> Columns, object?[] Row)
{
    public const string Missing = "-";
    public const string Extra = "+";
}
