using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Graph;

/// <summary>One operator of a vertex's chain, with its stable id.</summary>
/// <param name="Id">Derived from the operator's definition and its inputs' ids, never from its position: savepoints and
/// hot restart match state to operators by this id.</param>
/// <param name="Name">A short name for metrics (Scan(bid), HashAggregate, Calc, Sink(out)).</param>
/// <param name="Description">The physical operator as EXPLAIN prints it.</param>
/// <param name="Node">The logical node the operator is built from (in-process only; a remote worker re-plans the job's
/// SQL and finds the node by <see cref="Id"/>).</param>
/// <param name="Role">What the operator does in the chain.</param>
/// <param name="Local">For a pre-aggregating step (a local TopN or limit before a global one): its bound, else null.</param>
public sealed record ChainedOperator(string Id, string Name, string Description, LogicalNode Node, OperatorRole Role, long? Local = null);

/// <summary>The part an operator plays in a vertex's chain.</summary>
public enum OperatorRole
{
    /// <summary>Reads a table's splits (the chain's head).</summary>
    Source,

    /// <summary>Emits constant rows (the chain's head, parallelism 1).</summary>
    Values,

    /// <summary>A batch operator fed by the chain's inputs or by the previous operator.</summary>
    Transform,

    /// <summary>Writes into a table (the chain's tail).</summary>
    Sink,
}
