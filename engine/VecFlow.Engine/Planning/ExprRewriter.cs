using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>Rewrites column references inside expression trees (when a plan's column order changes).</summary>
public static class ExprRewriter
{
    /// <summary>Every <see cref="ColumnRef"/> index i becomes map(i).</summary>
    public static Expr MapColumns(Expr expression, Func<int, int> map) => Replace(expression, e => e is ColumnRef c ? c with { Index = map(c.Index) } : null);

    /// <summary>Rebuilds the tree bottom-up, replacing any node for which <paramref name="replace"/> returns non-null (checked top-down).</summary>
    public static Expr Replace(Expr expression, Func<Expr, Expr?> replace)
    {
        if (replace(expression) is { } replaced)
        {
            return replaced;
        }

        return expression switch
        {
            FunctionCall f => f with { Arguments = [.. f.Arguments.Select(a => Replace(a, replace))] },
            CaseWhen c => c with { Branches = [.. c.Branches.Select(b => new WhenClause(Replace(b.When, replace), Replace(b.Then, replace)))], Else = c.Else is null ? null : Replace(c.Else, replace) },
            IsNullTest t => t with { Operand = Replace(t.Operand, replace) },
            InList i => i with { Operand = Replace(i.Operand, replace), Values = [.. i.Values.Select(v => Replace(v, replace))] },
            Between b => b with { Operand = Replace(b.Operand, replace), Low = Replace(b.Low, replace), High = Replace(b.High, replace) },
            Coalesce c => c with { Operands = [.. c.Operands.Select(o => Replace(o, replace))] },
            CastTo c => c with { Operand = Replace(c.Operand, replace) },
            _ => expression,
        };
    }

    /// <summary>The column indices an expression reads.</summary>
    public static IEnumerable<int> Columns(Expr expression) =>
        expression is ColumnRef c ? [c.Index] : expression.Children.SelectMany(Columns);

    /// <summary>Splits a condition into its AND-ed parts.</summary>
    public static IEnumerable<Expr> Conjuncts(Expr condition) =>
        condition is FunctionCall f && f.Function == Vector.Expressions.Functions.LogicFunction.And
            ? f.Arguments.SelectMany(Conjuncts)
            : [condition];

    /// <summary>The AND of <paramref name="conditions"/>, or null when there are none.</summary>
    public static Expr? And(IEnumerable<Expr> conditions) =>
        conditions.Aggregate((Expr?)null, (acc, c) => acc is null ? c : new FunctionCall(Vector.Expressions.Functions.LogicFunction.And, [acc, c], Vector.Types.SqlType.Boolean.WithNullable(acc.Type.Nullable || c.Type.Nullable)));
}
