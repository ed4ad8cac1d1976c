namespace VecFlow.Engine.Graph;

/// <summary>A chain of operators run together by each of <see cref="Parallelism"/> subtasks.</summary>
/// <param name="Index">The vertex's position in <see cref="JobGraph.Vertices"/> (producers before consumers).</param>
/// <param name="Chain">The operators, head first; the head reads the vertex's inputs, each next one the previous one's output.</param>
/// <param name="Parallelism">How many subtasks run the chain.</param>
/// <param name="InputCount">How many inputs the head operator has (0 for a source, 2 for a join).</param>
/// <param name="IsResult">True when the vertex's output is the job's query result (returned to the client).</param>
public sealed record JobVertex(int Index, IReadOnlyList<ChainedOperator> Chain, int Parallelism, int InputCount, bool IsResult)
{
    /// <summary>The vertex's stable id: its head operator's.</summary>
    public string Id => Chain[0].Id;

    /// <summary>The chain's operator names joined with arrows, as Flink names a chained task.</summary>
    public string Name => string.Join(" -> ", Chain.Select(o => o.Name));
}
