using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>A typed scalar expression, evaluated a batch at a time by <see cref="ExpressionEvaluator"/>.</summary>
/// <remarks>
/// The SQL binder produces these trees after resolving names and inserting the casts that make operand types agree
/// (see <see cref="TypeCoercion"/>); the evaluator does not coerce. Trees are immutable records, so equal trees compare
/// equal, which the planner uses for common-subexpression detection and stable operator ids.
/// </remarks>
public abstract record Expr
{
    public abstract SqlType Type { get; }

    public abstract IReadOnlyList<Expr> Children { get; }
}

/// <summary>The value of column <see cref="Index"/> of the input batch.</summary>
public sealed record ColumnRef(int Index, SqlType ColumnType, string? Name = null) : Expr
{
    public override SqlType Type => ColumnType;

    public override IReadOnlyList<Expr> Children => [];

    public override string ToString() => Name ?? $"${Index}";
}

/// <summary>A constant.</summary>
public sealed record Literal(ScalarValue Value) : Expr
{
    public override SqlType Type => Value.Type;

    public override IReadOnlyList<Expr> Children => [];

    public override string ToString() => Value.ToString();
}

/// <summary>A call of a scalar function on argument expressions.</summary>
public sealed record FunctionCall(ScalarFunction Function, IReadOnlyList<Expr> Arguments, SqlType ResultType) : Expr
{
    public override SqlType Type => ResultType;

    public override IReadOnlyList<Expr> Children => Arguments;

    public bool Equals(FunctionCall? other) => other is not null && Function == other.Function && ResultType == other.ResultType && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Function, ResultType, Arguments.Count);

    public override string ToString() => $"{Function.Name}({string.Join(", ", Arguments)})";
}

/// <summary>CASE WHEN c1 THEN v1 ... [ELSE e] END; a missing ELSE is NULL.</summary>
public sealed record CaseWhen(IReadOnlyList<WhenClause> Branches, Expr? Else, SqlType ResultType) : Expr
{
    public override SqlType Type => ResultType;

    public override IReadOnlyList<Expr> Children => [.. Branches.SelectMany(b => new[] { b.When, b.Then }), .. Else is null ? Array.Empty<Expr>() : [Else]];

    public bool Equals(CaseWhen? other) => other is not null && Branches.SequenceEqual(other.Branches) && Equals(Else, other.Else) && ResultType == other.ResultType;

    public override int GetHashCode() => HashCode.Combine(Branches.Count, Else, ResultType);

    public override string ToString() => $"CASE {string.Join(" ", Branches.Select(b => $"WHEN {b.When} THEN {b.Then}"))}{(Else is null ? string.Empty : $" ELSE {Else}")} END";
}

/// <summary>One WHEN ... THEN ... of a <see cref="CaseWhen"/>.</summary>
public sealed record WhenClause(Expr When, Expr Then);

/// <summary>operand IS [NOT] NULL; never NULL itself.</summary>
public sealed record IsNullTest(Expr Operand, bool Negated) : Expr
{
    public override SqlType Type => SqlType.Boolean.WithNullable(false);

    public override IReadOnlyList<Expr> Children => [Operand];

    public override string ToString() => $"{Operand} IS {(Negated ? "NOT " : string.Empty)}NULL";
}

/// <summary>operand [NOT] IN (v1, v2, ...) with SQL NULL semantics (no match and a NULL present gives NULL).</summary>
public sealed record InList(Expr Operand, IReadOnlyList<Expr> Values, bool Negated) : Expr
{
    public override SqlType Type => SqlType.Boolean;

    public override IReadOnlyList<Expr> Children => [Operand, .. Values];

    public bool Equals(InList? other) => other is not null && Operand == other.Operand && Values.SequenceEqual(other.Values) && Negated == other.Negated;

    public override int GetHashCode() => HashCode.Combine(Operand, Values.Count, Negated);

    public override string ToString() => $"{Operand} {(Negated ? "NOT " : string.Empty)}IN ({string.Join(", ", Values)})";
}

/// <summary>operand [NOT] BETWEEN low AND high (inclusive; low &gt; high matches nothing, as in SQL).</summary>
public sealed record Between(Expr Operand, Expr Low, Expr High, bool Negated) : Expr
{
    public override SqlType Type => SqlType.Boolean;

    public override IReadOnlyList<Expr> Children => [Operand, Low, High];

    public override string ToString() => $"{Operand} {(Negated ? "NOT " : string.Empty)}BETWEEN {Low} AND {High}";
}

/// <summary>COALESCE(a, b, ...): the first non-NULL argument; later arguments are evaluated only where needed.</summary>
public sealed record Coalesce(IReadOnlyList<Expr> Operands, SqlType ResultType) : Expr
{
    public override SqlType Type => ResultType;

    public override IReadOnlyList<Expr> Children => Operands;

    public bool Equals(Coalesce? other) => other is not null && Operands.SequenceEqual(other.Operands) && ResultType == other.ResultType;

    public override int GetHashCode() => HashCode.Combine(Operands.Count, ResultType);

    public override string ToString() => $"COALESCE({string.Join(", ", Operands)})";
}

/// <summary>CAST(operand AS type).</summary>
public sealed record CastTo(Expr Operand, SqlType TargetType) : Expr
{
    public override SqlType Type => TargetType;

    public override IReadOnlyList<Expr> Children => [Operand];

    public override string ToString() => $"CAST({Operand} AS {TargetType})";
}
