using System.Text;

namespace VecFlow.Engine.Graph;

/// <summary>
/// A job as vertices (operator chains run by parallel subtasks) and the exchanges between them: plain data, the same
/// object for embedded and cluster execution.
/// </summary>
/// <param name="Vertices">In topological order: every edge goes from a lower index to a higher one.</param>
/// <param name="Edges">The exchanges between vertices.</param>
/// <param name="MaxParallelism">The number of key groups hash exchanges and keyed state use.</param>
public sealed record JobGraph(IReadOnlyList<JobVertex> Vertices, IReadOnlyList<JobEdge> Edges, int MaxParallelism)
{
    public IEnumerable<JobEdge> InputsOf(int vertex) => Edges.Where(e => e.Target == vertex);

    public JobEdge? OutputOf(int vertex) => Edges.FirstOrDefault(e => e.Source == vertex);

    /// <summary>Every edge out of <paramref name="vertex"/>: one, or one per consumer of a shared subtree.</summary>
    public IReadOnlyList<JobEdge> OutputsOf(int vertex) => [.. Edges.Where(e => e.Source == vertex)];

    /// <summary>The graph as EXPLAIN prints it: one block per vertex with its operators, ids and exchanges.</summary>
    public string Explain()
    {
        var text = new StringBuilder();
        foreach (JobVertex vertex in Vertices)
        {
            text.Append(CultureInvariant($"Vertex {vertex.Index} [{vertex.Id}] parallelism={vertex.Parallelism}"));
            foreach (JobEdge input in InputsOf(vertex.Index))
            {
                text.Append(CultureInvariant($", input {input.TargetInput} <- vertex {input.Source} {input.Describe()}"));
            }

            IReadOnlyList<JobEdge> outputs = OutputsOf(vertex.Index);
            if (outputs.Count > 1)
            {
                text.Append(", outputs -> [").AppendJoin(", ", outputs.Select(o => CultureInvariant($"vertex {o.Target} input {o.TargetInput} {o.Describe()}"))).Append(']');
            }

            if (vertex.IsResult)
            {
                text.Append(", output -> result");
            }

            text.Append('\n');
            foreach (ChainedOperator op in vertex.Chain)
            {
                text.Append("  ").Append(op.Description).Append(" [").Append(op.Id).Append("]\n");
            }
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
