using VecFlow.Engine.Graph;
using VecFlow.Engine.Operators.Calc;
using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Execution;

/// <summary>Creates a fresh operator instance for one transform step of a chain, per subtask.</summary>
/// <remarks>Stateless steps (calc, union, window assignment) are the same in both modes and pass row kinds through;
/// stateful steps of a streaming job are <see cref="StreamOperators"/>.</remarks>
internal static class ChainFactory
{
    public static IBatchOperator Create(ChainedOperator op, bool streaming) => op.Node switch
    {
        UnionNode => new PassThroughOperator("Union"),

        // A sink heading its vertex reads the exchange through a pass-through head; the runtime writes its output.
        SinkNode => new PassThroughOperator("Exchange"),
        ProjectNode { Input: FilterNode filter } project when op.Name == "Calc" => new CalcOperator(project.Schema, filter.Condition, project.Expressions),
        ProjectNode project => new CalcOperator(project.Schema, null, project.Expressions),
        FilterNode filter => new CalcOperator(filter.Schema, filter.Condition, null),
        SortNode sort when op.Local is { } bound => new SortOperator(sort.Input.Schema, sort.Keys, bound, 0),
        LimitNode when op.Local is { } bound => new LimitOperator(bound, 0),
        WindowTableNode => PhysicalOperators.Create(op.Node).Operator,
        Operators.Streaming.LocalAggregateNode local => new Operators.Streaming.LocalAggregateOperator(local),
        JoinNode { Lookup: true } lookup when streaming => new Operators.Join.LookupJoinOperator(lookup),
        _ when streaming => StreamOperators.Create(op.Node),
        _ => PhysicalOperators.Create(op.Node).Operator,
    };

    /// <summary>Passes batches through: the meeting point of a union's branches, or the exchange in front of a sink that heads its vertex.</summary>
    private sealed class PassThroughOperator(string name) : IBatchOperator
    {
        public string Name => name;

        public void Open(OperatorContext context)
        {
        }

        public void Process(int input, ColumnBatch batch, IBatchCollector output) => output.Collect(batch);

        public void EndInput(int input, IBatchCollector output)
        {
        }

        public void Dispose()
        {
        }
    }
}
