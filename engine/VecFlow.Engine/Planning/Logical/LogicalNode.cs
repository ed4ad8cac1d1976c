using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Planning.Logical;

/// <summary>A node of a bound, typed logical plan; the same plan feeds batch and streaming physical planning.</summary>
/// <remarks>
/// Expressions inside a node refer to the columns of its input(s) by index (for a join: left columns, then right).
/// Nodes are immutable; optimizer rules build new trees.
/// </remarks>
public abstract record LogicalNode
{
    public abstract RowSchema Schema { get; }

    public abstract IReadOnlyList<LogicalNode> Inputs { get; }

    /// <summary>One line describing this node without its inputs, as EXPLAIN prints it.</summary>
    public abstract string Describe();

    /// <summary>A copy of this node over new inputs (same count and schemas).</summary>
    public abstract LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs);

    /// <summary>The indented tree, as EXPLAIN prints it.</summary>
    public string Explain()
    {
        var text = new System.Text.StringBuilder();
        Write(this, 0);
        return text.ToString();

        void Write(LogicalNode node, int depth)
        {
            text.Append(' ', depth * 2).Append(node.Describe()).Append('\n');
            foreach (LogicalNode input in node.Inputs)
            {
                Write(input, depth + 1);
            }
        }
    }

    protected static string FieldList(RowSchema schema) => string.Join(", ", schema.Names);
}
