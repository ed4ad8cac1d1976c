using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

public class ExpressionTests
{
    /// <summary>Prints the tree with every operator parenthesised, to make the grouping visible.</summary>
    private static string Grouping(string sql) => Show(SqlAssert.Expression(sql));

    private static string Show(SqlExpression e) => e switch
    {
        BinaryExpression b => $"({Show(b.Left)} {SqlPrinter.Print(b with { Left = Leaf(), Right = Leaf() }).Split(' ')[1]} {Show(b.Right)})",
        UnaryExpression { Operator: UnaryOperator.Not } u => $"(NOT {Show(u.Operand)})",
        UnaryExpression u => $"({(u.Operator == UnaryOperator.Minus ? "-" : "+")}{Show(u.Operand)})",
        IsExpression i => $"({Show(i.Operand)} IS{(i.Negated ? " NOT" : string.Empty)} {i.Predicate.ToString().ToUpperInvariant()})",
        BetweenExpression b => $"({Show(b.Operand)} BETWEEN {Show(b.Low)} AND {Show(b.High)})",
        InListExpression i => $"({Show(i.Operand)} IN ({string.Join(", ", i.Values.Select(Show))}))",
        PatternMatchExpression p => $"({Show(p.Operand)} LIKE {Show(p.Pattern)})",
        _ => SqlPrinter.Print(e),
    };

    private static IdentifierExpression Leaf() => new([new Identifier("x", false, default)], default);

    [Theory]
    [InlineData("a OR b AND c", "(a OR (b AND c))")]
    [InlineData("a AND b OR c", "((a AND b) OR c)")]
    [InlineData("NOT a AND b", "((NOT a) AND b)")]
    [InlineData("NOT a = b", "(NOT (a = b))")]
    [InlineData("NOT NOT a", "(NOT (NOT a))")]
    [InlineData("a = b AND c <> d", "((a = b) AND (c <> d))")]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a * b + c", "((a * b) + c)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b % c", "((a / b) % c)")]
    [InlineData("a || b + c", "((a || b) + c)")]
    [InlineData("a + b = c * d", "((a + b) = (c * d))")]
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("- -a", "(-(-a))")]
    [InlineData("-a.b", "(-a.b)")]
    [InlineData("+a", "(+a)")]
    [InlineData("a < b = c", "((a < b) = c)")]
    [InlineData("a = b IS NULL", "((a = b) IS NULL)")]
    [InlineData("a IS NOT NULL AND b IS TRUE", "((a IS NOT NULL) AND (b IS TRUE))")]
    [InlineData("a BETWEEN 1 AND 2 AND b", "((a BETWEEN 1 AND 2) AND b)")]
    [InlineData("a BETWEEN b + 1 AND c * 2", "(a BETWEEN (b + 1) AND (c * 2))")]
    [InlineData("a + 1 IN (1, b * 2)", "((a + 1) IN (1, (b * 2)))")]
    [InlineData("NOT a LIKE 'x%' OR b", "((NOT (a LIKE 'x%')) OR b)")]
    [InlineData("a || 'x' LIKE 'y' || b", "((a || 'x') LIKE ('y' || b))")]
    [InlineData("(a OR b) AND c", "((a OR b) AND c)")]
    [InlineData("a - (b - c)", "(a - (b - c))")]
    public void Operator_precedence_and_associativity(string sql, string grouping) =>
        Assert.Equal(grouping, Grouping(sql));

    [Theory]
    [InlineData("1", NumericLiteralKind.Integer)]
    [InlineData("123456789012345678901234567890", NumericLiteralKind.Integer)]
    [InlineData("0.908", NumericLiteralKind.Decimal)]
    [InlineData("1e3", NumericLiteralKind.Approximate)]
    [InlineData("2.5E-4", NumericLiteralKind.Approximate)]
    public void Number_literals_keep_their_text(string sql, NumericLiteralKind kind)
    {
        var number = SqlAssert.Expression<NumericLiteral>(sql);
        Assert.Equal((sql, kind), (number.Text, number.Kind));
    }

    [Fact]
    public void Simple_literals()
    {
        Assert.Equal("it's", SqlAssert.Expression<StringLiteral>("'it''s'").Value);
        Assert.Equal("é", SqlAssert.Expression<StringLiteral>(@"U&'\00E9'").Value);
        Assert.Equal("CAFE", SqlAssert.Expression<BinaryStringLiteral>("X'cafe'").Hex);
        Assert.True(SqlAssert.Expression<BooleanLiteral>("TRUE").Value);
        Assert.False(SqlAssert.Expression<BooleanLiteral>("false").Value);
        Assert.Null(SqlAssert.Expression<BooleanLiteral>("UNKNOWN").Value);
        SqlAssert.Expression<NullLiteral>("NULL");
        var negative = SqlAssert.Expression<UnaryExpression>("-1");
        Assert.Equal(UnaryOperator.Minus, negative.Operator);
    }

    [Theory]
    [InlineData("DATE '2024-01-31'", DateTimeLiteralKind.Date, "2024-01-31")]
    [InlineData("TIME '12:34:56'", DateTimeLiteralKind.Time, "12:34:56")]
    [InlineData("TIMESTAMP '2024-01-31 12:34:56.789'", DateTimeLiteralKind.Timestamp, "2024-01-31 12:34:56.789")]
    [InlineData("TIMESTAMP_LTZ '2024-01-31 00:00:00'", DateTimeLiteralKind.TimestampLtz, "2024-01-31 00:00:00")]
    [InlineData("TIMESTAMP WITH LOCAL TIME ZONE '2024-01-31 00:00:00'", DateTimeLiteralKind.TimestampLtz, "2024-01-31 00:00:00")]
    public void Date_time_literals(string sql, DateTimeLiteralKind kind, string value)
    {
        var literal = SqlAssert.Expression<DateTimeLiteral>(sql);
        Assert.Equal((kind, value), (literal.Kind, literal.Value));
    }

    [Theory]
    [InlineData("INTERVAL '10' SECOND", "10", false, TimeUnit.Second, null, null, null)]
    [InlineData("INTERVAL '1' HOUR", "1", false, TimeUnit.Hour, null, null, null)]
    [InlineData("INTERVAL '5' MINUTES", "5", false, TimeUnit.Minute, null, null, null)]
    [InlineData("INTERVAL '2-3' YEAR TO MONTH", "2-3", false, TimeUnit.Year, null, TimeUnit.Month, null)]
    [InlineData("INTERVAL '1 02:03:04.5' DAY TO SECOND", "1 02:03:04.5", false, TimeUnit.Day, null, TimeUnit.Second, null)]
    [InlineData("INTERVAL '1 02:03:04.5' DAY(2) TO SECOND(3)", "1 02:03:04.5", false, TimeUnit.Day, 2, TimeUnit.Second, 3)]
    [InlineData("INTERVAL '10' SECOND(3)", "10", false, TimeUnit.Second, 3, null, null)]
    [InlineData("INTERVAL '10.5' SECOND(2, 3)", "10.5", false, TimeUnit.Second, 2, null, 3)]
    [InlineData("INTERVAL -'1' DAY", "1", true, TimeUnit.Day, null, null, null)]
    [InlineData("INTERVAL '3' MONTH", "3", false, TimeUnit.Month, null, null, null)]
    public void Interval_literals(
        string sql, string value, bool negative, TimeUnit start, int? precision, TimeUnit? end, int? fraction)
    {
        var interval = SqlAssert.Expression<IntervalLiteral>(sql);
        Assert.Equal((value, negative), (interval.Value, interval.Negative));
        Assert.Equal(
            (start, precision, end, fraction),
            (interval.Qualifier.Start, interval.Qualifier.StartPrecision, interval.Qualifier.End, interval.Qualifier.FractionalPrecision));
    }

    [Fact]
    public void Names_field_access_and_subscripts()
    {
        Assert.Equal(["a", "b", "c"], SqlAssert.Expression<IdentifierExpression>("a.b.c").Parts.Select(p => p.Value));
        Assert.True(SqlAssert.Expression<IdentifierExpression>("`my col`").Parts[0].Quoted);
        var field = SqlAssert.Expression<FieldAccessExpression>("(a).b");
        Assert.IsType<IdentifierExpression>(field.Target);
        Assert.Equal("(a).b", SqlPrinter.Print(field));
        var call = SqlAssert.Expression<FieldAccessExpression>("f(x).y.z");
        Assert.IsType<FieldAccessExpression>(call.Target);
        var subscript = SqlAssert.Expression<SubscriptExpression>("a.b[1 + 1]");
        Assert.IsType<IdentifierExpression>(subscript.Target);
        var nested = SqlAssert.Expression<FieldAccessExpression>("m['k'][2].f");
        Assert.IsType<SubscriptExpression>(nested.Target);
    }

    [Fact]
    public void Function_calls()
    {
        var call = SqlAssert.Expression<FunctionCallExpression>("COUNT(*)");
        Assert.True(call.StarArgument);
        call = SqlAssert.Expression<FunctionCallExpression>("count(DISTINCT a, b)");
        Assert.Equal((SetQuantifier.Distinct, 2), (call.Quantifier, call.Arguments.Count));
        call = SqlAssert.Expression<FunctionCallExpression>("SUM(ALL x)");
        Assert.Equal(SetQuantifier.All, call.Quantifier);
        call = SqlAssert.Expression<FunctionCallExpression>("PROCTIME()");
        Assert.Empty(call.Arguments);
        call = SqlAssert.Expression<FunctionCallExpression>("cat.db.my_udf(1, 'a')");
        Assert.Equal(3, call.Name.Parts.Count);
        call = SqlAssert.Expression<FunctionCallExpression>("COUNT(DISTINCT bidder) FILTER (WHERE price < 10000)");
        Assert.IsType<BinaryExpression>(call.Filter);
        call = SqlAssert.Expression<FunctionCallExpression>("HOUR(ts)");
        Assert.Equal("HOUR", call.Name.Last.Value);
        call = SqlAssert.Expression<FunctionCallExpression>("LEFT(s, 2)");
        Assert.Equal("LEFT", call.Name.Last.Value);
        call = SqlAssert.Expression<FunctionCallExpression>("FLOOR(x)");
        Assert.Equal("FLOOR", call.Name.Last.Value);
        call = SqlAssert.Expression<FunctionCallExpression>("IF(a > 0, 'p', 'n')");
        Assert.Equal(3, call.Arguments.Count);
    }

    [Theory]
    [InlineData("ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC)", null)]
    [InlineData("SUM(x) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", WindowFrameUnit.Rows)]
    [InlineData("SUM(x) OVER (ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)", WindowFrameUnit.Rows)]
    [InlineData("SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)", WindowFrameUnit.Range)]
    [InlineData("SUM(x) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND 5 FOLLOWING)", WindowFrameUnit.Rows)]
    [InlineData("SUM(x) OVER (ORDER BY ts ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)", WindowFrameUnit.Rows)]
    [InlineData("SUM(x) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING)", WindowFrameUnit.Rows)]
    [InlineData("SUM(x) OVER (ORDER BY ts RANGE INTERVAL '10' MINUTE PRECEDING)", WindowFrameUnit.Range)]
    [InlineData("SUM(x) FILTER (WHERE x > 0) OVER w", null)]
    public void Over_clauses(string sql, WindowFrameUnit? unit)
    {
        var call = SqlAssert.Expression<FunctionCallExpression>(sql);
        Assert.NotNull(call.Over);
        Assert.Equal(unit, (call.Over as WindowSpecification)?.Frame?.Unit);
    }

    [Fact]
    public void Frame_bounds()
    {
        var call = SqlAssert.Expression<FunctionCallExpression>(
            "SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)");
        WindowFrame frame = ((WindowSpecification)call.Over!).Frame!;
        Assert.Equal(FrameBoundKind.Preceding, frame.Start.Kind);
        Assert.IsType<IntervalLiteral>(frame.Start.Offset);
        Assert.Equal(FrameBoundKind.CurrentRow, frame.End!.Kind);
    }

    [Fact]
    public void Case_expressions()
    {
        var searched = SqlAssert.Expression<CaseExpression>("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
        Assert.Null(searched.Operand);
        Assert.Equal(2, searched.Whens.Count);
        Assert.NotNull(searched.Else);
        var simple = SqlAssert.Expression<CaseExpression>("CASE LOWER(channel) WHEN 'apple' THEN '0' END");
        Assert.IsType<FunctionCallExpression>(simple.Operand);
        Assert.Null(simple.Else);
    }

    [Fact]
    public void Casts()
    {
        var cast = SqlAssert.Expression<CastExpression>("CAST(a AS DECIMAL(10, 2))");
        Assert.False(cast.Try);
        Assert.Equal(ScalarTypeName.Decimal, Assert.IsType<ScalarDataType>(cast.TargetType).Name);
        Assert.True(SqlAssert.Expression<CastExpression>("TRY_CAST(s AS INT)").Try);
        SqlAssert.Expression<CastExpression>("CAST(r AS ROW<a INT, b ARRAY<STRING>> NOT NULL)");
    }

    [Fact]
    public void Special_syntax_functions()
    {
        Assert.Equal(TimeUnit.Year, SqlAssert.Expression<ExtractExpression>("EXTRACT(YEAR FROM ts)").Unit);
        Assert.Equal(TimeUnit.DayOfWeek, SqlAssert.Expression<ExtractExpression>("EXTRACT(DOW FROM ts)").Unit);
        var floor = SqlAssert.Expression<FloorCeilExpression>("FLOOR(ts TO HOUR)");
        Assert.Equal((FloorCeilKind.Floor, TimeUnit.Hour), (floor.Kind, floor.Unit));
        Assert.Equal(FloorCeilKind.Ceil, SqlAssert.Expression<FloorCeilExpression>("CEILING(ts TO DAY)").Kind);
        Assert.Equal(FloorCeilKind.Ceil, SqlAssert.Expression<FloorCeilExpression>("CEIL(ts TO MINUTE)").Kind);

        var trim = SqlAssert.Expression<TrimExpression>("TRIM(s)");
        Assert.Equal((TrimSide.Both, null), (trim.Side, trim.Characters));
        trim = SqlAssert.Expression<TrimExpression>("TRIM(LEADING 'x' FROM s)");
        Assert.Equal(TrimSide.Leading, trim.Side);
        Assert.NotNull(trim.Characters);
        trim = SqlAssert.Expression<TrimExpression>("TRIM(TRAILING FROM s)");
        Assert.Equal((TrimSide.Trailing, null), (trim.Side, trim.Characters));
        trim = SqlAssert.Expression<TrimExpression>("TRIM('x' FROM s)");
        Assert.Equal(TrimSide.Both, trim.Side);
        Assert.NotNull(trim.Characters);
        SqlAssert.Expression<TrimExpression>("TRIM(BOTH FROM s)");

        var substring = SqlAssert.Expression<SubstringExpression>("SUBSTRING(s FROM 2 FOR 3)");
        Assert.NotNull(substring.Length);
        Assert.Null(SqlAssert.Expression<SubstringExpression>("SUBSTRING(s FROM 2)").Length);
        Assert.NotNull(SqlAssert.Expression<SubstringExpression>("SUBSTRING(s, 2, 3)").Length);
        Assert.Null(SqlAssert.Expression<SubstringExpression>("SUBSTRING(s, 2)").Length);

        var position = SqlAssert.Expression<PositionExpression>("POSITION('b' IN s)");
        Assert.Null(position.Start);
        Assert.NotNull(SqlAssert.Expression<PositionExpression>("POSITION(a || b IN s FROM 3)").Start);
        Assert.Null(SqlAssert.Expression<OverlayExpression>("OVERLAY(s PLACING 'x' FROM 2)").Length);
        Assert.NotNull(SqlAssert.Expression<OverlayExpression>("OVERLAY(s PLACING 'x' FROM 2 FOR 1)").Length);

        Assert.Equal(TimeUnit.Hour, SqlAssert.Expression<TimestampAddExpression>("TIMESTAMPADD(HOUR, 2, ts)").Unit);
        Assert.Equal(TimeUnit.Day, SqlAssert.Expression<TimestampDiffExpression>("TIMESTAMPDIFF(SQL_TSI_DAY, a, b)").Unit);
    }

    [Theory]
    [InlineData("CURRENT_TIMESTAMP", CurrentTimeFunction.CurrentTimestamp)]
    [InlineData("current_date", CurrentTimeFunction.CurrentDate)]
    [InlineData("CURRENT_TIME", CurrentTimeFunction.CurrentTime)]
    [InlineData("LOCALTIMESTAMP", CurrentTimeFunction.LocalTimestamp)]
    [InlineData("LOCALTIME", CurrentTimeFunction.LocalTime)]
    public void Niladic_time_functions(string sql, CurrentTimeFunction function) =>
        Assert.Equal(function, SqlAssert.Expression<CurrentTimeExpression>(sql).Function);

    [Fact]
    public void Predicates()
    {
        foreach ((string sql, IsPredicate predicate, bool negated) in new[]
        {
            ("a IS NULL", IsPredicate.Null, false), ("a IS NOT NULL", IsPredicate.Null, true),
            ("a IS TRUE", IsPredicate.True, false), ("a IS NOT FALSE", IsPredicate.False, true),
            ("a IS UNKNOWN", IsPredicate.Unknown, false),
        })
        {
            var test = SqlAssert.Expression<IsExpression>(sql);
            Assert.Equal((predicate, negated), (test.Predicate, test.Negated));
        }

        Assert.False(SqlAssert.Expression<IsDistinctFromExpression>("a IS DISTINCT FROM b").Negated);
        Assert.True(SqlAssert.Expression<IsDistinctFromExpression>("a IS NOT DISTINCT FROM b + 1").Negated);
        Assert.True(SqlAssert.Expression<InListExpression>("a NOT IN (1, 2)").Negated);
        Assert.True(SqlAssert.Expression<InSubqueryExpression>("a NOT IN (SELECT b FROM t)").Negated);

        var between = SqlAssert.Expression<BetweenExpression>("a NOT BETWEEN SYMMETRIC 1 AND 2");
        Assert.Equal((true, BetweenSymmetry.Symmetric), (between.Negated, between.Symmetry));
        Assert.Equal(BetweenSymmetry.Asymmetric, SqlAssert.Expression<BetweenExpression>("a BETWEEN ASYMMETRIC 1 AND 2").Symmetry);

        var like = SqlAssert.Expression<PatternMatchExpression>("s NOT LIKE 'a!%%' ESCAPE '!'");
        Assert.Equal((PatternMatchKind.Like, true), (like.Kind, like.Negated));
        Assert.NotNull(like.Escape);
        var similar = SqlAssert.Expression<PatternMatchExpression>("s SIMILAR TO '(a|b)%'");
        Assert.Equal(PatternMatchKind.SimilarTo, similar.Kind);
        Assert.True(SqlAssert.Expression<PatternMatchExpression>("s NOT SIMILAR TO 'x'").Negated);
        SqlAssert.Expression<ExistsExpression>("EXISTS (SELECT 1)");
        Assert.Equal(UnaryOperator.Not, SqlAssert.Expression<UnaryExpression>("NOT EXISTS (SELECT 1)").Operator);
    }

    [Fact]
    public void Constructors()
    {
        var row = SqlAssert.Expression<RowConstructorExpression>("ROW(a, 'b', 1)");
        Assert.Equal((3, true), (row.Fields.Count, row.ExplicitRow));
        var implicitRow = SqlAssert.Expression<RowConstructorExpression>("(a, b)");
        Assert.False(implicitRow.ExplicitRow);
        Assert.Empty(SqlAssert.Expression<RowConstructorExpression>("ROW()").Fields);
        Assert.Equal(3, SqlAssert.Expression<ArrayConstructorExpression>("ARRAY[1, 2, 3]").Elements.Count);
        Assert.Empty(SqlAssert.Expression<ArrayConstructorExpression>("ARRAY[]").Elements);
        var map = SqlAssert.Expression<MapConstructorExpression>("MAP['a', 1, 'b', 2]");
        Assert.Equal(2, map.Entries.Count);
    }

    [Fact]
    public void Scalar_subquery_and_parentheses()
    {
        SqlAssert.Expression<ScalarSubqueryExpression>("(SELECT MAX(a) FROM t)");
        Assert.IsType<SetOperationQuery>(SqlAssert.Expression<ScalarSubqueryExpression>("((SELECT 1) UNION (SELECT 2))").Query);
        Assert.IsType<IdentifierExpression>(SqlAssert.Expression("((a))"));
        var sum = SqlAssert.Expression<BinaryExpression>("((SELECT 1) + 1)");
        Assert.IsType<ScalarSubqueryExpression>(sum.Left);
    }

    [Fact]
    public void Spans_cover_exactly_the_expression_text()
    {
        const string Sql = "  price * 0.908 + CAST(x AS INT)";
        var add = SqlAssert.Expression<BinaryExpression>(Sql);
        Assert.Equal("price * 0.908 + CAST(x AS INT)", Sql[add.Span.Start..add.Span.End]);
        Assert.Equal("price * 0.908", Sql[add.Left.Span.Start..add.Left.Span.End]);
        Assert.Equal("CAST(x AS INT)", Sql[add.Right.Span.Start..add.Right.Span.End]);
        Assert.Equal(3, add.Span.Column);
    }

    [Fact]
    public void Structural_equality_ignores_positions_and_parentheses()
    {
        SqlExpression a = SqlParser.ParseExpression("a + (b * c)");
        SqlExpression b = SqlParser.ParseExpression("   a+b*c");
        Assert.True(SqlNodeComparer.Instance.Equals(a, b));
        Assert.Equal(SqlNodeComparer.Instance.GetHashCode(a), SqlNodeComparer.Instance.GetHashCode(b));
        Assert.False(SqlNodeComparer.Instance.Equals(a, SqlParser.ParseExpression("(a + b) * c")));
        Assert.False(SqlNodeComparer.Instance.Equals(a, SqlParser.ParseExpression("a + b * d")));
        Assert.Equal("a + b * c", a.ToString());
    }
}
