using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning;

/// <summary>Rule-based rewrites of a logical plan that keep its result and make it cheaper.</summary>
/// <remarks>
/// Rules: filters move down through projections, unions and into join inputs, and equalities between the two sides of a
/// join become hash keys (so comma joins with their condition in WHERE become hash joins); a filter on
/// ROW_NUMBER() becomes the rank range of a TopN; adjacent projections merge; scans read only the columns used and
/// get the column-versus-literal conjuncts of the filter above them to skip data with.
/// </remarks>
public static class LogicalOptimizer
{
    public static LogicalNode Optimize(LogicalNode plan)
    {
        LogicalNode pushed = PushIntoScans(Rewrite(plan));
        return ColumnPruning.Prune(pushed);
    }

    /// <summary>
    /// Hands each scan the column-versus-literal conjuncts of the filter right above it (once filters sit as low as
    /// they go), so a source can skip data that cannot match; the filter stays (batch plans then take the conjuncts a
    /// source applies exactly out of it: <see cref="ExactScanFilters"/>).
    /// </summary>
    private static LogicalNode PushIntoScans(LogicalNode node)
    {
        LogicalNode rebuilt = node.Inputs.Count == 0 ? node : node.WithInputs([.. node.Inputs.Select(PushIntoScans)]);
        return rebuilt is FilterNode { Input: ScanNode scan } filter
            ? filter with { Input = scan with { Predicates = ScanPredicates.From(filter.Condition, scan.Columns) } }
            : rebuilt;
    }

    private static LogicalNode Rewrite(LogicalNode node)
    {
        LogicalNode rebuilt = node.Inputs.Count == 0 ? node : node.WithInputs([.. node.Inputs.Select(Rewrite)]);
        return rebuilt switch
        {
            FilterNode f => PushFilter(f.Input, f.Condition),
            ProjectNode { Input: ProjectNode inner } outer => MergeProjects(outer, inner),
            _ => rebuilt,
        };
    }

    private static ProjectNode MergeProjects(ProjectNode outer, ProjectNode inner) =>
        new(inner.Input, [.. outer.Expressions.Select(e => Substitute(e, inner.Expressions))], outer.Names);

    private static Expr Substitute(Expr e, IReadOnlyList<Expr> definitions) =>
        ExprRewriter.Replace(e, x => x is ColumnRef c ? definitions[c.Index] : null);

    /// <summary>A filter of <paramref name="condition"/> over <paramref name="input"/>, placed as low as it can go.</summary>
    internal static LogicalNode PushFilter(LogicalNode input, Expr condition)
    {
        if (condition is Literal { Value.Value: true })
        {
            return input;
        }

        switch (input)
        {
            case FilterNode f:
                return PushFilter(f.Input, ExprRewriter.And([f.Condition, condition])!);
            case ProjectNode p:
                return p with { Input = PushFilter(p.Input, Substitute(condition, p.Expressions)) };
            case UnionNode u:
                return new UnionNode([.. u.Branches.Select(b => PushFilter(b, condition))]);
            case JoinNode j:
                return PushIntoJoin(j, condition);
            case RankNode r when r.OutputRank && r.RankEnd == long.MaxValue && r.RankStart == 1:
                return PushIntoRank(r, condition);
            default:
                return new FilterNode(input, condition);
        }
    }

    private static LogicalNode PushIntoJoin(JoinNode join, Expr condition)
    {
        int leftCount = join.Left.Schema.Count;
        var conjuncts = ExprRewriter.Conjuncts(condition).ToList();
        bool LeftOnly(Expr e) => ExprRewriter.Columns(e).All(c => c < leftCount);
        bool RightOnly(Expr e) => ExprRewriter.Columns(e).All(c => c >= leftCount) && ExprRewriter.Columns(e).Any();

        if (join.Kind == JoinKind.Inner)
        {
            // Re-plan the join with its own condition plus the filter's, pushing one-sided parts into the inputs.
            var all = KeyEqualities(join).Concat(join.Condition is null ? [] : ExprRewriter.Conjuncts(join.Condition)).Concat(conjuncts).ToList();
            var leftParts = all.Where(e => LeftOnly(e) && ExprRewriter.Columns(e).Any()).ToList();
            var rightParts = all.Where(RightOnly).ToList();
            var rest = all.Except(leftParts).Except(rightParts).ToList();
            LogicalNode left = ExprRewriter.And(leftParts) is { } l ? PushFilter(join.Left, l) : join.Left;
            LogicalNode right = ExprRewriter.And(rightParts) is { } r ? PushFilter(join.Right, ExprRewriter.MapColumns(r, i => i - leftCount)) : join.Right;
            return QueryBinder.MakeJoin(left, right, JoinKind.Inner, ExprRewriter.And(rest), join.Lookup);
        }

        // Outer, semi and anti joins: only conditions on the side whose rows pass through unchanged move below.
        bool leftPreserved = join.Kind is JoinKind.Left or JoinKind.Semi or JoinKind.Anti;
        bool rightPreserved = join.Kind == JoinKind.Right;
        var pushLeft = leftPreserved ? conjuncts.Where(e => LeftOnly(e) && ExprRewriter.Columns(e).Any()).ToList() : [];
        var pushRight = rightPreserved ? conjuncts.Where(RightOnly).ToList() : [];
        var stay = conjuncts.Except(pushLeft).Except(pushRight).ToList();
        LogicalNode newJoin = join with
        {
            Left = ExprRewriter.And(pushLeft) is { } pl ? PushFilter(join.Left, pl) : join.Left,
            Right = ExprRewriter.And(pushRight) is { } pr ? PushFilter(join.Right, ExprRewriter.MapColumns(pr, i => i - leftCount)) : join.Right,
        };
        return ExprRewriter.And(stay) is { } remaining ? new FilterNode(newJoin, remaining) : newJoin;
    }

    private static IEnumerable<Expr> KeyEqualities(JoinNode join)
    {
        int leftCount = join.Left.Schema.Count;
        for (int k = 0; k < join.LeftKeys.Count; k++)
        {
            var l = new ColumnRef(join.LeftKeys[k], join.Left.Schema[join.LeftKeys[k]].Type, join.Left.Schema[join.LeftKeys[k]].Name);
            var r = new ColumnRef(leftCount + join.RightKeys[k], join.Right.Schema[join.RightKeys[k]].Type, join.Right.Schema[join.RightKeys[k]].Name);
            yield return new FunctionCall(ComparisonFunction.Equal, [l, r], SqlType.Boolean);
        }
    }

    /// <summary><c>rn &lt;= N</c>, <c>rn &lt; N</c>, <c>rn = N</c>, <c>rn BETWEEN a AND b</c> over ROW_NUMBER become the rank range of a TopN.</summary>
    private static LogicalNode PushIntoRank(RankNode rank, Expr condition)
    {
        int rankColumn = rank.Schema.Count - 1;
        long start = rank.RankStart;
        long end = rank.RankEnd;
        var stay = new List<Expr>();
        foreach (Expr conjunct in ExprRewriter.Conjuncts(condition))
        {
            if (RankBound(conjunct, rankColumn) is { } bound)
            {
                start = Math.Max(start, bound.Low);
                end = Math.Min(end, bound.High);
            }
            else
            {
                stay.Add(conjunct);
            }
        }

        LogicalNode node = rank with { RankStart = start, RankEnd = Math.Max(end, start - 1) };
        return ExprRewriter.And(stay) is { } rest ? new FilterNode(node, rest) : node;
    }

    private static (long Low, long High)? RankBound(Expr e, int rankColumn)
    {
        static long? Constant(Expr x) => x switch
        {
            Literal { Value.Value: int i } => i,
            Literal { Value.Value: long l } => l,
            CastTo { Operand: var inner } => Constant(inner),
            _ => null,
        };

        bool IsRank(Expr x) => x is ColumnRef c && c.Index == rankColumn || x is CastTo { Operand: ColumnRef { Index: var i } } && i == rankColumn;

        if (e is Between { Negated: false } b && IsRank(b.Operand) && Constant(b.Low) is { } lo && Constant(b.High) is { } hi)
        {
            return (lo, hi);
        }

        if (e is not FunctionCall { Function: ComparisonFunction cmp, Arguments: [var a, var c] })
        {
            return null;
        }

        ComparisonOp op = cmp.Op;
        if (!IsRank(a))
        {
            (a, c) = (c, a);
            op = op switch
            {
                ComparisonOp.Less => ComparisonOp.Greater,
                ComparisonOp.LessOrEqual => ComparisonOp.GreaterOrEqual,
                ComparisonOp.Greater => ComparisonOp.Less,
                ComparisonOp.GreaterOrEqual => ComparisonOp.LessOrEqual,
                _ => op,
            };
        }

        if (!IsRank(a) || Constant(c) is not { } n)
        {
            return null;
        }

        return op switch
        {
            ComparisonOp.LessOrEqual => (1, n),
            ComparisonOp.Less => (1, n - 1),
            ComparisonOp.Equal => (n, n),
            ComparisonOp.GreaterOrEqual => (n, long.MaxValue),
            ComparisonOp.Greater => (n + 1, long.MaxValue),
            _ => null,
        };
    }
}
