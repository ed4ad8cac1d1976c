using VecFlow.Engine.Connectors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;

namespace VecFlow.Engine.Planning;

/// <summary>Finds the conjuncts of a filter that compare one scanned column with literals (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN, IS [NOT] NULL).</summary>
internal static class ScanPredicates
{
    /// <summary>The pushable conjuncts of <paramref name="condition"/> over a scan of <paramref name="columns"/> (physical indices).</summary>
    public static IReadOnlyList<ScanPredicate> From(Expr condition, IReadOnlyList<int> columns)
    {
        var predicates = new List<ScanPredicate>();
        foreach (Expr conjunct in ExprRewriter.Conjuncts(condition))
        {
            if (Of(conjunct, columns) is { } predicate && !predicates.Contains(predicate))
            {
                predicates.Add(predicate);
            }
        }

        return predicates;
    }

    /// <summary>The predicate <paramref name="e"/> (over a scan of <paramref name="columns"/>) is, or null when it is not a pushable one.</summary>
    public static ScanPredicate? Of(Expr e, IReadOnlyList<int> columns)
    {
        switch (e)
        {
            case FunctionCall { Function: ComparisonFunction comparison, Arguments: [ColumnRef column, Literal value] }:
                return Compare(columns[column.Index], comparison.Op, value);
            case FunctionCall { Function: ComparisonFunction comparison, Arguments: [Literal value, ColumnRef column] }:
                return Compare(columns[column.Index], comparison.Op.Flip(), value);
            case Between { Operand: ColumnRef column, Low: Literal low, High: Literal high, Negated: false }:
                return new ScanPredicate(columns[column.Index], ScanPredicateKind.Between, [low.Value, high.Value]);
            case InList { Operand: ColumnRef column, Negated: false } list when list.Values.All(v => v is Literal):
                return new ScanPredicate(columns[column.Index], ScanPredicateKind.In, [.. list.Values.Cast<Literal>().Select(l => l.Value)]);
            case IsNullTest { Operand: ColumnRef column } test:
                return new ScanPredicate(columns[column.Index], test.Negated ? ScanPredicateKind.IsNotNull : ScanPredicateKind.IsNull, []);
            default:
                return null;
        }
    }

    private static ScanPredicate? Compare(int column, ComparisonOp op, Literal value)
    {
        ScanPredicateKind? kind = op switch
        {
            ComparisonOp.Equal => ScanPredicateKind.Equal,
            ComparisonOp.NotEqual => ScanPredicateKind.NotEqual,
            ComparisonOp.Less => ScanPredicateKind.Less,
            ComparisonOp.LessOrEqual => ScanPredicateKind.LessOrEqual,
            ComparisonOp.Greater => ScanPredicateKind.Greater,
            ComparisonOp.GreaterOrEqual => ScanPredicateKind.GreaterOrEqual,
            _ => null,
        };
        return kind is { } k ? new ScanPredicate(column, k, [value.Value]) : null;
    }
}
