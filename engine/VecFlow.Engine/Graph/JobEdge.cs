namespace VecFlow.Engine.Graph;

/// <summary>Rows flowing from one vertex into one input of another, and how they are distributed.</summary>
/// <param name="Source">The producing vertex's index in <see cref="JobGraph.Vertices"/>.</param>
/// <param name="Target">The consuming vertex's index.</param>
/// <param name="TargetInput">Which input of the consumer's head operator the rows feed (a join: 0 left, 1 right).</param>
/// <param name="Kind">The distribution.</param>
/// <param name="Keys">For <see cref="ExchangeKind.Hash"/>: the key columns of the producer's output.</param>
public sealed record JobEdge(int Source, int Target, int TargetInput, ExchangeKind Kind, IReadOnlyList<int> Keys)
{
    public string Describe() => Kind == ExchangeKind.Hash ? $"HASH[{string.Join(", ", Keys.Select(k => "$" + k))}]" : Kind.ToString().ToUpperInvariant();
}
