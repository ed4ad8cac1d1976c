using VecFlow.Engine.Schema;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning.Logical;

/// <summary>Prints an expression with column names instead of indices, for EXPLAIN.</summary>
public static class ExprText
{
    public static string Of(Expr expression, RowSchema input) => expression switch
    {
        ColumnRef c => c.Index < input.Count ? input[c.Index].Name : $"${c.Index}",
        Literal l => l.Value.ToString(),
        FunctionCall f when f.Arguments.Count == 2 && !char.IsLetter(f.Function.Name[0]) => $"({Of(f.Arguments[0], input)} {f.Function.Name} {Of(f.Arguments[1], input)})",
        FunctionCall f => $"{f.Function.Name}({string.Join(", ", f.Arguments.Select(a => Of(a, input)))})",
        CaseWhen c => $"CASE {string.Join(" ", c.Branches.Select(b => $"WHEN {Of(b.When, input)} THEN {Of(b.Then, input)}"))}{(c.Else is null ? string.Empty : $" ELSE {Of(c.Else, input)}")} END",
        IsNullTest t => $"{Of(t.Operand, input)} IS {(t.Negated ? "NOT " : string.Empty)}NULL",
        InList i => $"{Of(i.Operand, input)} {(i.Negated ? "NOT " : string.Empty)}IN ({string.Join(", ", i.Values.Select(v => Of(v, input)))})",
        Between b => $"{Of(b.Operand, input)} {(b.Negated ? "NOT " : string.Empty)}BETWEEN {Of(b.Low, input)} AND {Of(b.High, input)}",
        Coalesce c => $"COALESCE({string.Join(", ", c.Operands.Select(o => Of(o, input)))})",
        CastTo c => $"CAST({Of(c.Operand, input)} AS {c.TargetType})",
        _ => expression.ToString() ?? string.Empty,
    };
}
