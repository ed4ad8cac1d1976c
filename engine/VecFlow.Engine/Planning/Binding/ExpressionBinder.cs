using VecFlow.Engine.Catalog;
using VecFlow.Engine.Catalog.Functions;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using VExpr = VecFlow.Vector.Expressions.Expr;
using VWhen = VecFlow.Vector.Expressions.WhenClause;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Binds scalar SQL expressions against a scope into typed vector expressions.</summary>
/// <remarks>
/// <see cref="Intercept"/> lets a caller take over any sub-expression before it is bound normally: after GROUP BY it maps
/// grouped expressions and aggregate calls to the aggregate's output columns; with OVER it maps window calls.
/// </remarks>
internal sealed class ExpressionBinder(Scope scope, Func<SqlExpression, VExpr?>? intercept = null, SessionCatalog? functions = null)
{
    public Scope Scope { get; } = scope;

    public Func<SqlExpression, VExpr?>? Intercept { get; } = intercept;

    /// <summary>Where user functions (CREATE FUNCTION) are looked up; null binds built-in functions only.</summary>
    public SessionCatalog? Functions { get; } = functions;

    public VExpr Bind(SqlExpression expression)
    {
        if (Intercept?.Invoke(expression) is { } replaced)
        {
            return replaced;
        }

        return expression switch
        {
            IdentifierExpression id => Scope.Resolve(id.Parts, id.Span),
            FieldAccessExpression f => BindFieldAccess(f),
            LiteralExpression l => LiteralBinder.Bind(l),
            UnaryExpression u => BindUnary(u),
            BinaryExpression b => BindBinary(b),
            IsExpression i => BindIs(i),
            IsDistinctFromExpression d => BindIsDistinct(d),
            InListExpression i => BindInList(i),
            BetweenExpression b => BindBetween(b),
            PatternMatchExpression p => BindPattern(p),
            CaseExpression c => BindCase(c),
            CastExpression c => BindCast(c),
            FunctionCallExpression f => BindCall(f),
            ExtractExpression e => Resolve("EXTRACT", [Unit(e.Unit), Bind(e.Source)], e),
            FloorCeilExpression f => Resolve(f.Kind == FloorCeilKind.Floor ? "FLOOR" : "CEIL", [Bind(f.Operand), Unit(f.Unit)], f),
            TrimExpression t => Resolve(t.Side switch { TrimSide.Leading => "LTRIM", TrimSide.Trailing => "RTRIM", _ => "TRIM" }, t.Characters is null ? [Bind(t.Source)] : [Bind(t.Source), Bind(t.Characters)], t),
            SubstringExpression s => Resolve("SUBSTRING", s.Length is null ? [Bind(s.Source), Bind(s.Start)] : [Bind(s.Source), Bind(s.Start), Bind(s.Length)], s),
            PositionExpression p when p.Start is null => Resolve("POSITION", [Bind(p.Needle), Bind(p.Haystack)], p),
            TimestampAddExpression t => Resolve("TIMESTAMPADD", [Unit(t.Unit), Bind(t.Count), Bind(t.Timestamp)], t),
            TimestampDiffExpression t => Resolve("TIMESTAMPDIFF", [Unit(t.Unit), Bind(t.Start), Bind(t.End)], t),
            CurrentTimeExpression c => Resolve(c.Function switch
            {
                CurrentTimeFunction.CurrentDate => "CURRENT_DATE",
                CurrentTimeFunction.CurrentTime => "CURRENT_TIME",
                CurrentTimeFunction.LocalTime => "LOCALTIME",
                CurrentTimeFunction.LocalTimestamp => "LOCALTIMESTAMP",
                _ => "CURRENT_TIMESTAMP",
            }, [], c),
            InSubqueryExpression or ExistsExpression => throw new SqlValidationException(expression.Span, "not supported: IN / EXISTS with a subquery here; VecFlow plans them as joins only as a condition of WHERE joined with AND"),
            ScalarSubqueryExpression => throw new SqlValidationException(expression.Span, "not supported: a scalar subquery; join with the subquery instead"),
            _ => throw new SqlValidationException(expression.Span, $"not supported: the expression {Describe(expression)}"),
        };
    }

    /// <summary>Binds a condition (WHERE, ON, HAVING, FILTER) and checks it is BOOLEAN.</summary>
    public VExpr BindCondition(SqlExpression expression, string clause)
    {
        VExpr bound = Bind(expression);
        if (bound.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
        {
            throw new SqlValidationException(expression.Span, $"{clause} needs a BOOLEAN condition, not {bound.Type.WithNullable(true)}");
        }

        return bound.Type.Kind == SqlTypeKind.Null ? new Literal(ScalarValue.Null(SqlType.Boolean)) : bound;
    }

    private static string Describe(SqlExpression expression) =>
        expression.GetType().Name.Replace("Expression", string.Empty, StringComparison.Ordinal);

    private static Literal Unit(TimeUnit unit) => new(new ScalarValue(SqlType.Varchar.WithNullable(false), unit.ToString().ToUpperInvariant() switch
    {
        "DAYOFWEEK" => "DOW",
        "DAYOFYEAR" => "DOY",
        "ISODAYOFWEEK" => "ISODOW",
        var u => u,
    }));

    private VExpr BindFieldAccess(FieldAccessExpression f)
    {
        // (row).field over a plain name is a flattened column; anything else is not a ROW value here.
        if (f.Target is IdentifierExpression id)
        {
            return Scope.Resolve([.. id.Parts, f.Field], f.Span);
        }

        throw new SqlValidationException(f.Span, "not supported: a field of a computed ROW value; name the column as row.field");
    }

    private VExpr BindUnary(UnaryExpression u)
    {
        VExpr operand = Bind(u.Operand);
        switch (u.Operator)
        {
            case UnaryOperator.Plus:
                return operand;
            case UnaryOperator.Not:
                RequireBoolean(operand, u.Operand, "NOT");
                return new FunctionCall(LogicFunction.Not, [operand], SqlType.Boolean.WithNullable(operand.Type.Nullable));
            default:
                if (operand is Literal literal && LiteralBinder.Negate(literal) is { } negated)
                {
                    return negated;
                }

                if (!operand.Type.IsNumeric && operand.Type.Kind is not (SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth or SqlTypeKind.Null))
                {
                    throw new SqlValidationException(u.Span, $"cannot negate {operand.Type.WithNullable(true)}; '-' applies to numbers and intervals");
                }

                return new FunctionCall(NegateFunction.Instance, [operand], operand.Type);
        }
    }

    private static void RequireBoolean(VExpr operand, SqlExpression source, string what)
    {
        if (operand.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
        {
            throw new SqlValidationException(source.Span, $"{what} needs a BOOLEAN operand, not {operand.Type.WithNullable(true)}");
        }
    }

    private VExpr BindBinary(BinaryExpression b)
    {
        VExpr left = Bind(b.Left);
        VExpr right = Bind(b.Right);
        switch (b.Operator)
        {
            case BinaryOperator.And:
            case BinaryOperator.Or:
                RequireBoolean(left, b.Left, b.Operator == BinaryOperator.And ? "AND" : "OR");
                RequireBoolean(right, b.Right, b.Operator == BinaryOperator.And ? "AND" : "OR");
                return new FunctionCall(b.Operator == BinaryOperator.And ? LogicFunction.And : LogicFunction.Or, [AsBoolean(left), AsBoolean(right)], SqlType.Boolean.WithNullable(left.Type.Nullable || right.Type.Nullable));
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
                return Compare(b.Operator switch
                {
                    BinaryOperator.Equal => ComparisonOp.Equal,
                    BinaryOperator.NotEqual => ComparisonOp.NotEqual,
                    BinaryOperator.Less => ComparisonOp.Less,
                    BinaryOperator.LessOrEqual => ComparisonOp.LessOrEqual,
                    BinaryOperator.Greater => ComparisonOp.Greater,
                    _ => ComparisonOp.GreaterOrEqual,
                }, left, right, b);
            case BinaryOperator.Concat:
                return Resolve("CONCAT", [left, right], b);
            default:
                var function = ArithmeticFunction.For(b.Operator switch
                {
                    BinaryOperator.Add => ArithmeticOp.Add,
                    BinaryOperator.Subtract => ArithmeticOp.Subtract,
                    BinaryOperator.Multiply => ArithmeticOp.Multiply,
                    BinaryOperator.Divide => ArithmeticOp.Divide,
                    _ => ArithmeticOp.Modulo,
                });
                SqlType? type = function.ResultType(left.Type, right.Type);
                return type is null
                    ? throw new SqlValidationException(b.Span, $"cannot apply '{function.Name}' to {left.Type.WithNullable(true)} and {right.Type.WithNullable(true)}; valid: {function.ValidForms}")
                    : new FunctionCall(function, [left, right], type);
        }
    }

    private static VExpr AsBoolean(VExpr e) => e.Type.Kind == SqlTypeKind.Null ? new Literal(ScalarValue.Null(SqlType.Boolean)) : e;

    public static VExpr Compare(ComparisonOp op, VExpr left, VExpr right, SqlNode at)
    {
        SqlType? common = TypeCoercion.CommonType(left.Type, right.Type);
        if (common is null)
        {
            throw new SqlValidationException(at.Span, $"cannot compare {left.Type.WithNullable(true)} with {right.Type.WithNullable(true)}; add a CAST");
        }

        if (common.Kind == SqlTypeKind.Null)
        {
            return new Literal(ScalarValue.Null(SqlType.Boolean));
        }

        return new FunctionCall(ComparisonFunction.For(op), [Coercion.To(left, common), Coercion.To(right, common)], SqlType.Boolean.WithNullable(left.Type.Nullable || right.Type.Nullable));
    }

    private VExpr BindIs(IsExpression i)
    {
        VExpr operand = Bind(i.Operand);
        VExpr test;
        switch (i.Predicate)
        {
            case IsPredicate.Null:
                return new IsNullTest(operand, i.Negated);
            case IsPredicate.Unknown:
                RequireBoolean(operand, i.Operand, "IS UNKNOWN");
                return new IsNullTest(operand, i.Negated);
            case IsPredicate.True:
                RequireBoolean(operand, i.Operand, "IS TRUE");
                test = new Coalesce([AsBoolean(operand), BoolLiteral(false)], SqlType.Boolean.WithNullable(false));
                break;
            default:
                RequireBoolean(operand, i.Operand, "IS FALSE");
                test = new Coalesce([new FunctionCall(LogicFunction.Not, [AsBoolean(operand)], SqlType.Boolean), BoolLiteral(false)], SqlType.Boolean.WithNullable(false));
                break;
        }

        return i.Negated ? new FunctionCall(LogicFunction.Not, [test], SqlType.Boolean.WithNullable(false)) : test;
    }

    private static Literal BoolLiteral(bool value) => new(new ScalarValue(SqlType.Boolean.WithNullable(false), value));

    private VExpr BindIsDistinct(IsDistinctFromExpression d)
    {
        VExpr left = Bind(d.Left);
        VExpr right = Bind(d.Right);
        VExpr differs = Compare(ComparisonOp.NotEqual, left, right, d);
        // NULL-safe: both NULL -> not distinct, one NULL -> distinct, else a <> b.
        var distinct = new CaseWhen(
            [
                new VWhen(new FunctionCall(LogicFunction.And, [new IsNullTest(left, false), new IsNullTest(right, false)], SqlType.Boolean.WithNullable(false)), BoolLiteral(false)),
                new VWhen(new FunctionCall(LogicFunction.Or, [new IsNullTest(left, false), new IsNullTest(right, false)], SqlType.Boolean.WithNullable(false)), BoolLiteral(true)),
            ],
            differs,
            SqlType.Boolean.WithNullable(false));
        return d.Negated ? new FunctionCall(LogicFunction.Not, [distinct], SqlType.Boolean.WithNullable(false)) : distinct;
    }

    private VExpr BindInList(InListExpression i)
    {
        var all = Coercion.ToCommon([Bind(i.Operand), .. i.Values.Select(Bind)], i.Span, "IN");
        return new InList(all[0], [.. all.Skip(1)], i.Negated);
    }

    private VExpr BindBetween(BetweenExpression b)
    {
        var all = Coercion.ToCommon([Bind(b.Operand), Bind(b.Low), Bind(b.High)], b.Span, "BETWEEN");
        if (b.Symmetry != BetweenSymmetry.Symmetric)
        {
            return new Between(all[0], all[1], all[2], b.Negated);
        }

        VExpr either = new FunctionCall(LogicFunction.Or, [new Between(all[0], all[1], all[2], false), new Between(all[0], all[2], all[1], false)], SqlType.Boolean);
        return b.Negated ? new FunctionCall(LogicFunction.Not, [either], SqlType.Boolean) : either;
    }

    private VExpr BindPattern(PatternMatchExpression p)
    {
        if (p.Kind == PatternMatchKind.SimilarTo)
        {
            throw new SqlValidationException(p.Span, "not supported: SIMILAR TO; use LIKE or REGEXP(s, pattern)");
        }

        VExpr operand = Bind(p.Operand);
        VExpr pattern = Bind(p.Pattern);
        if (!StringLike(operand.Type) || !StringLike(pattern.Type))
        {
            throw new SqlValidationException(p.Span, $"LIKE needs strings, not {operand.Type.WithNullable(true)} LIKE {pattern.Type.WithNullable(true)}");
        }

        if (pattern is not Literal)
        {
            throw new SqlValidationException(p.Pattern.Span, "not supported: a LIKE pattern that is not a constant; write a string literal");
        }

        List<VExpr> arguments = [operand, pattern];
        if (p.Escape is not null)
        {
            arguments.Add(Bind(p.Escape));
        }

        VExpr like = new FunctionCall(StringFunction.Like, arguments, SqlType.Boolean.WithNullable(operand.Type.Nullable));
        return p.Negated ? new FunctionCall(LogicFunction.Not, [like], like.Type) : like;
    }

    private static bool StringLike(SqlType type) => type.Kind is SqlTypeKind.Varchar or SqlTypeKind.Null;

    private VExpr BindCase(CaseExpression c)
    {
        VExpr? operand = c.Operand is null ? null : Bind(c.Operand);
        var conditions = new List<VExpr>();
        foreach (Sql.Ast.WhenClause when in c.Whens)
        {
            VExpr condition = operand is null
                ? BindCondition(when.Condition, "WHEN")
                : Compare(ComparisonOp.Equal, operand, Bind(when.Condition), when);
            conditions.Add(condition);
        }

        var results = c.Whens.Select(w => Bind(w.Result)).ToList();
        VExpr? otherwise = c.Else is null ? null : Bind(c.Else);
        var all = otherwise is null ? results : [.. results, otherwise];
        SqlType common = Coercion.Common(all, c.Span, "CASE");
        bool nullable = otherwise is null || all.Any(x => x.Type.Nullable);
        return new CaseWhen(
            [.. conditions.Select((w, k) => new VWhen(w, Coercion.To(results[k], common)))],
            otherwise is null ? null : Coercion.To(otherwise, common),
            common.WithNullable(nullable));
    }

    private VExpr BindCast(CastExpression c)
    {
        if (c.Try)
        {
            throw new SqlValidationException(c.Span, "not supported: TRY_CAST; use CAST");
        }

        VExpr operand = Bind(c.Operand);
        SqlType target = DataTypeMapper.Map(c.TargetType).WithNullable(operand.Type.Nullable || operand.Type.Kind == SqlTypeKind.Null);
        if (operand.Type.Kind == SqlTypeKind.Null)
        {
            return new Literal(ScalarValue.Null(target));
        }

        if (!CastKernels.CanCast(operand.Type, target))
        {
            throw new SqlValidationException(c.Span, $"cannot cast {operand.Type.WithNullable(true)} to {target.WithNullable(true)}");
        }

        if (Coercion.SameLayout(operand.Type, target))
        {
            return operand;
        }

        if (operand is Literal literal)
        {
            try
            {
                return new Literal(CastKernels.Cast(literal.Value, target));
            }
            catch (VecFlow.Vector.Errors.SqlRuntimeException e)
            {
                throw new SqlValidationException(c.Span, e.Message);
            }
        }

        return new CastTo(operand, target);
    }

    private VExpr BindCall(FunctionCallExpression f)
    {
        string name = f.Name.Last.Value.ToUpperInvariant();
        if (f.Over is not null)
        {
            throw new SqlValidationException(f.Span, $"{name}(...) OVER (...) is allowed only in the SELECT list");
        }

        if (AggregateTyping.IsUnsupported(name))
        {
            throw AggregateTyping.Unsupported(name, f.Span);
        }

        if (AggregateTyping.IsAggregate(name))
        {
            throw new SqlValidationException(f.Span, $"the aggregate {name} is not allowed here (only in SELECT, HAVING and ORDER BY of a grouped query)");
        }

        if (f.Filter is not null)
        {
            throw new SqlValidationException(f.Filter.Span, $"FILTER (WHERE ...) applies to aggregate functions, not {name}");
        }

        if (f.Quantifier == SetQuantifier.Distinct)
        {
            throw new SqlValidationException(f.Span, $"DISTINCT applies to aggregate functions, not {name}");
        }

        if (name == "COALESCE")
        {
            var operands = Coercion.ToCommon([.. f.Arguments.Select(Bind)], f.Span, "COALESCE");
            return new Coalesce(operands, operands[0].Type.WithNullable(operands.All(o => o.Type.Nullable)));
        }

        if (name is "GREATEST" or "LEAST")
        {
            return BindGreatestLeast(name == "GREATEST", f);
        }

        IReadOnlyList<VExpr> arguments = [.. f.Arguments.Select(Bind)];
        if (f.Name.Parts.Count == 1 && Functions?.FindFunction(name) is { } user)
        {
            // Flink's order: temporary system functions, then built-ins, then the other user functions.
            if (user.IsSystem || !ScalarFunctionCatalog.Contains(name))
            {
                return BindUser(user, arguments, f);
            }
        }

        return Resolve(name, arguments, f);
    }

    private static FunctionCall BindUser(UserFunction user, IReadOnlyList<VExpr> arguments, FunctionCallExpression f)
    {
        try
        {
            return user.Bind(arguments, (a, type) => a.Type.Kind == SqlTypeKind.Null ? new Literal(ScalarValue.Null(type)) : Coercion.To(a, type));
        }
        catch (UserFunctionException e)
        {
            throw new SqlValidationException(f.Span, e.Message);
        }
    }

    /// <summary>GREATEST / LEAST: NULL when any argument is NULL (as Flink), else the largest / smallest, folded pairwise.</summary>
    private VExpr BindGreatestLeast(bool greatest, FunctionCallExpression f)
    {
        if (f.Arguments.Count < 1)
        {
            throw new SqlValidationException(f.Span, $"{(greatest ? "GREATEST" : "LEAST")} takes one or more arguments");
        }

        var operands = Coercion.ToCommon([.. f.Arguments.Select(Bind)], f.Span, greatest ? "GREATEST" : "LEAST");
        SqlType type = operands[0].Type.WithNullable(operands.Any(o => o.Type.Nullable));
        VExpr result = operands[0];
        foreach (VExpr next in operands.Skip(1))
        {
            VExpr anyNull = new FunctionCall(LogicFunction.Or, [new IsNullTest(result, false), new IsNullTest(next, false)], SqlType.Boolean.WithNullable(false));
            VExpr keepCurrent = Compare(greatest ? ComparisonOp.GreaterOrEqual : ComparisonOp.LessOrEqual, result, next, f);
            result = new CaseWhen([new VWhen(anyNull, new Literal(ScalarValue.Null(type))), new VWhen(keepCurrent, result)], next, type);
        }

        return result;
    }

    private static VExpr Resolve(string name, IReadOnlyList<VExpr> arguments, SqlNode at)
    {
        try
        {
            return ScalarFunctionCatalog.Resolve(name, arguments);
        }
        catch (FunctionResolutionException e)
        {
            string message = e.Message.StartsWith("Unknown function", StringComparison.Ordinal)
                ? $"unknown function '{name}'; see the README for the supported functions"
                : e.Message;
            throw new SqlValidationException(at.Span, message);
        }
    }
}
