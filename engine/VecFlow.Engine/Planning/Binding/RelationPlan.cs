using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>A bound relation: its plan and the names its columns can be referred to by (same order as the plan's output).</summary>
internal sealed record RelationPlan(LogicalNode Node, Scope Scope)
{
    /// <summary>A relation whose columns are its plan's output names, under one qualifier (or none).</summary>
    public static RelationPlan Of(LogicalNode node, string? qualifier) =>
        new(node, new Scope([.. node.Schema.Fields.Select(f => new ScopeColumn(qualifier, f.Name, f.Type))]));
}
