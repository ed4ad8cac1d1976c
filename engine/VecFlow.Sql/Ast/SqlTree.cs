using System.Collections;

namespace VecFlow.Sql.Ast;

/// <summary>Generic traversal of an AST, for checks that look at every node (spans, unsupported constructs).</summary>
public static class SqlTree
{
    /// <summary>The direct child nodes, in declaration order.</summary>
    public static IEnumerable<SqlNode> Children(this SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var property in NodeProperties.Of(node.GetType()))
        {
            switch (property.GetValue(node))
            {
                case SqlNode child:
                    yield return child;
                    break;
                case IEnumerable items and not string:
                    foreach (object? item in items)
                    {
                        if (item is SqlNode element)
                        {
                            yield return element;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The node and all nodes below it, depth first, parents before children.</summary>
    public static IEnumerable<SqlNode> DescendantsAndSelf(this SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var stack = new Stack<SqlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            SqlNode current = stack.Pop();
            yield return current;
            foreach (SqlNode child in current.Children().Reverse())
            {
                stack.Push(child);
            }
        }
    }
}
