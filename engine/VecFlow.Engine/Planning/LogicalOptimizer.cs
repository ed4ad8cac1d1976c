using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Rule-based rewrites of a logical plan that keep its result and make it cheaper.</summary>
public static class LogicalOptimizer
{
    public static LogicalNode Optimize(LogicalNode plan) => plan;
}
