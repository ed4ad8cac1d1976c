using Google.Protobuf;
using VecFlow.Engine.Graph.Protocol;
using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Graph;

/// <summary>Writes a job graph as protobuf and reads it back, binding each operator id to its logical definition.</summary>
/// <remarks>
/// The bytes carry the graph's shape (vertices, chains, parallelism, exchanges) and every operator's stable id, name
/// and description. Reading needs a resolver from id to logical node, which a worker gets by planning the job's SQL
/// itself (<see cref="ResolverFor"/>); an id the resolver does not know means the two sides planned different jobs
/// and is refused.
/// </remarks>
public static class JobGraphCodec
{
    public static byte[] Encode(JobGraph graph)
    {
        var message = new JobGraphMessage { MaxParallelism = graph.MaxParallelism };
        foreach (JobVertex vertex in graph.Vertices)
        {
            var v = new VertexMessage { Index = vertex.Index, Parallelism = vertex.Parallelism, InputCount = vertex.InputCount, IsResult = vertex.IsResult };
            foreach (ChainedOperator op in vertex.Chain)
            {
                var o = new OperatorMessage { Id = op.Id, Name = op.Name, Description = op.Description, Role = (OperatorRoleMessage)op.Role };
                if (op.Local is { } local)
                {
                    o.Local = local;
                }

                v.Chain.Add(o);
            }

            message.Vertices.Add(v);
        }

        foreach (JobEdge edge in graph.Edges)
        {
            var e = new EdgeMessage { Source = edge.Source, Target = edge.Target, TargetInput = edge.TargetInput, Kind = (ExchangeKindMessage)edge.Kind };
            e.Keys.AddRange(edge.Keys);
            message.Edges.Add(e);
        }

        return message.ToByteArray();
    }

    public static JobGraph Decode(ReadOnlySpan<byte> bytes, Func<string, LogicalNode?> resolve)
    {
        JobGraphMessage message;
        try
        {
            message = JobGraphMessage.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"The job graph is not readable protobuf: {e.Message}", e);
        }

        var vertices = message.Vertices.Select(v => new JobVertex(
            v.Index,
            [.. v.Chain.Select(o => new ChainedOperator(
                o.Id,
                o.Name,
                o.Description,
                resolve(o.Id) ?? throw new InvalidDataException($"The job graph names operator {o.Id} ({o.Description}), which this job's plan does not have; both sides must plan the same SQL."),
                (OperatorRole)o.Role,
                o.HasLocal ? o.Local : null))],
            v.Parallelism,
            v.InputCount,
            v.IsResult)).ToList();
        var edges = message.Edges.Select(e => new JobEdge(e.Source, e.Target, e.TargetInput, (ExchangeKind)e.Kind, [.. e.Keys])).ToList();
        return new JobGraph(vertices, edges, message.MaxParallelism);
    }

    /// <summary>The id -> logical node map of a locally built graph of the same job.</summary>
    public static Func<string, LogicalNode?> ResolverFor(JobGraph local)
    {
        var nodes = local.Vertices.SelectMany(v => v.Chain).ToDictionary(o => o.Id, o => o.Node, StringComparer.Ordinal);
        return id => nodes.GetValueOrDefault(id);
    }
}
