using System.Collections.Frozen;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    // Binding strength, loosest first. The printer uses the same ladder (SqlPrinter.Precedence) to add parentheses.
    internal const int OrPrecedence = 1;
    internal const int AndPrecedence = 2;
    internal const int NotPrecedence = 3;
    internal const int ComparisonPrecedence = 4;
    internal const int AdditivePrecedence = 5;
    internal const int MultiplicativePrecedence = 6;
    internal const int UnaryPrecedence = 7;
    internal const int PrimaryPrecedence = 8;

    private static readonly FrozenSet<Keyword> ClauseWords = new[]
    {
        Keyword.Select, Keyword.From, Keyword.Where, Keyword.Group, Keyword.Having, Keyword.Window, Keyword.Order,
        Keyword.Limit, Keyword.Offset, Keyword.Fetch, Keyword.Union, Keyword.Intersect, Keyword.Except, Keyword.On,
        Keyword.Using, Keyword.Join, Keyword.When, Keyword.Then, Keyword.Else, Keyword.End, Keyword.And, Keyword.Or,
        Keyword.As, Keyword.Is, Keyword.In, Keyword.Between, Keyword.Like, Keyword.Not,
    }.ToFrozenSet();

    public SqlExpression ParseExpression() => ParseExpression(OrPrecedence);

    /// <summary>Precedence climbing: a prefix operand, then every infix or postfix operator that binds at least as tightly as <paramref name="minPrecedence"/>.</summary>
    private SqlExpression ParseExpression(int minPrecedence)
    {
        GuardDepth();
        Token start = Current;
        SqlExpression left;
        if (AtKeyword(Keyword.Not))
        {
            Advance();
            SqlExpression operand = ParseExpression(NotPrecedence);
            left = new UnaryExpression(UnaryOperator.Not, operand, SpanFrom(start));
        }
        else if (At(TokenKind.Minus) || At(TokenKind.Plus))
        {
            UnaryOperator op = Advance().Kind == TokenKind.Minus ? UnaryOperator.Minus : UnaryOperator.Plus;
            SqlExpression operand = ParseExpression(UnaryPrecedence);
            left = new UnaryExpression(op, operand, SpanFrom(start));
        }
        else
        {
            left = ParsePostfix(ParsePrimary());
        }

        while (true)
        {
            int precedence = InfixPrecedence();
            if (precedence == 0 || precedence < minPrecedence)
            {
                return left;
            }

            left = precedence == ComparisonPrecedence && !IsComparisonOperator(Current.Kind)
                ? ParsePredicate(left, start)
                : ParseBinary(left, start, precedence);
        }
    }

    /// <summary>The precedence of the operator at the current token, or 0 when it is not an infix or postfix operator.</summary>
    private int InfixPrecedence()
    {
        Token token = Current;
        switch (token.Kind)
        {
            case TokenKind.Equals or TokenKind.NotEquals or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater
                or TokenKind.GreaterOrEqual:
                return ComparisonPrecedence;
            case TokenKind.Plus or TokenKind.Minus or TokenKind.Concat:
                return AdditivePrecedence;
            case TokenKind.Star or TokenKind.Slash or TokenKind.Percent:
                return MultiplicativePrecedence;
            case TokenKind.Word:
                return token.Keyword switch
                {
                    Keyword.Or => OrPrecedence,
                    Keyword.And => AndPrecedence,
                    Keyword.Is or Keyword.In or Keyword.Between or Keyword.Like or Keyword.Similar => ComparisonPrecedence,
                    Keyword.Not when Peek(1).Kind == TokenKind.Word
                        && Peek(1).Keyword is Keyword.In or Keyword.Between or Keyword.Like or Keyword.Similar =>
                        ComparisonPrecedence,
                    _ => 0,
                };
            default:
                return 0;
        }
    }

    private static bool IsComparisonOperator(TokenKind kind) =>
        kind is TokenKind.Equals or TokenKind.NotEquals or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater
            or TokenKind.GreaterOrEqual;

    private BinaryExpression ParseBinary(SqlExpression left, Token start, int precedence)
    {
        Token op = Advance();
        BinaryOperator binary = op.Kind switch
        {
            TokenKind.Equals => BinaryOperator.Equal,
            TokenKind.NotEquals => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            TokenKind.Plus => BinaryOperator.Add,
            TokenKind.Minus => BinaryOperator.Subtract,
            TokenKind.Concat => BinaryOperator.Concat,
            TokenKind.Star => BinaryOperator.Multiply,
            TokenKind.Slash => BinaryOperator.Divide,
            TokenKind.Percent => BinaryOperator.Modulo,
            _ => op.Keyword == Keyword.Or ? BinaryOperator.Or : BinaryOperator.And,
        };

        // Left-associative: the right operand must bind strictly tighter.
        SqlExpression right = ParseExpression(precedence + 1);
        return new BinaryExpression(binary, left, right, SpanFrom(start));
    }

    /// <summary>IS, [NOT] IN, [NOT] BETWEEN, [NOT] LIKE, [NOT] SIMILAR TO after an operand.</summary>
    private SqlExpression ParsePredicate(SqlExpression left, Token start)
    {
        if (AcceptKeyword(Keyword.Is))
        {
            bool negated = AcceptKeyword(Keyword.Not);
            IsPredicate? predicate = AcceptKeyword(Keyword.Null) ? IsPredicate.Null
                : AcceptKeyword(Keyword.True) ? IsPredicate.True
                : AcceptKeyword(Keyword.False) ? IsPredicate.False
                : AcceptKeyword(Keyword.Unknown) ? IsPredicate.Unknown
                : null;
            if (predicate is { } test)
            {
                return new IsExpression(left, test, negated, SpanFrom(start));
            }

            if (!AcceptKeyword(Keyword.Distinct))
            {
                throw Unexpected();
            }

            ExpectKeyword(Keyword.From);
            SqlExpression right = ParseExpression(AdditivePrecedence);
            return new IsDistinctFromExpression(left, right, negated, SpanFrom(start));
        }

        bool not = AcceptKeyword(Keyword.Not);
        if (AcceptKeyword(Keyword.In))
        {
            Token open = ExpectToken(TokenKind.LeftParen);
            if (StartsQueryAfterParentheses())
            {
                QueryExpression query = ParseQuery();
                ExpectClose(open);
                return new InSubqueryExpression(left, query, not, SpanFrom(start));
            }

            List<SqlExpression> values = ParseExpressionList();
            ExpectClose(open);
            return new InListExpression(left, values, not, SpanFrom(start));
        }

        if (AcceptKeyword(Keyword.Between))
        {
            BetweenSymmetry symmetry = AcceptKeyword(Keyword.Asymmetric) ? BetweenSymmetry.Asymmetric
                : AcceptKeyword(Keyword.Symmetric) ? BetweenSymmetry.Symmetric
                : BetweenSymmetry.Default;

            // The bounds bind tighter than AND so that the AND here belongs to BETWEEN.
            SqlExpression low = ParseExpression(AdditivePrecedence);
            ExpectKeyword(Keyword.And);
            SqlExpression high = ParseExpression(AdditivePrecedence);
            return new BetweenExpression(left, low, high, not, symmetry, SpanFrom(start));
        }

        PatternMatchKind kind;
        if (AcceptKeyword(Keyword.Like))
        {
            kind = PatternMatchKind.Like;
        }
        else if (AcceptKeyword(Keyword.Similar))
        {
            ExpectKeyword(Keyword.To);
            kind = PatternMatchKind.SimilarTo;
        }
        else
        {
            throw Unexpected();
        }

        SqlExpression pattern = ParseExpression(AdditivePrecedence);
        SqlExpression? escape = AcceptKeyword(Keyword.Escape) ? ParseExpression(AdditivePrecedence) : null;
        return new PatternMatchExpression(kind, left, pattern, escape, not, SpanFrom(start));
    }

    /// <summary>Field access and subscripts after a primary: <c>(expr).field</c>, <c>f(x).field</c>, <c>arr[1]</c>.</summary>
    private SqlExpression ParsePostfix(SqlExpression target)
    {
        while (true)
        {
            if (At(TokenKind.Dot) && AtIdentifier(1))
            {
                Advance();
                Identifier field = ParseIdentifier();
                target = new FieldAccessExpression(target, field, SpanFrom(target.Span));
            }
            else if (At(TokenKind.LeftBracket))
            {
                Token open = Advance();
                SqlExpression index = ParseExpression();
                if (!Accept(TokenKind.RightBracket))
                {
                    throw Unexpected(AtEndOfStatement ? $" to close the '[' at {open.Span}" : null);
                }

                target = new SubscriptExpression(target, index, SpanFrom(target.Span));
            }
            else
            {
                return target;
            }
        }
    }

    private List<SqlExpression> ParseExpressionList()
    {
        var expressions = new List<SqlExpression>();
        do
        {
            expressions.Add(ParseExpression());
        }
        while (Accept(TokenKind.Comma));

        return expressions;
    }

    private SqlExpression ParsePrimary()
    {
        Token start = Current;
        switch (start.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return new NumericLiteral(start.Text, NumericLiteralKind.Integer, start.Span);
            case TokenKind.Decimal:
                Advance();
                return new NumericLiteral(start.Text, NumericLiteralKind.Decimal, start.Span);
            case TokenKind.Approximate:
                Advance();
                return new NumericLiteral(start.Text, NumericLiteralKind.Approximate, start.Span);
            case TokenKind.String:
                Advance();
                return new StringLiteral(start.Value, start.Span);
            case TokenKind.BinaryString:
                Advance();
                return new BinaryStringLiteral(start.Value, start.Span);
            case TokenKind.LeftParen:
                return ParseParenthesized();
            case TokenKind.QuotedIdentifier:
                return ParseNameOrCall();
            case TokenKind.Word:
                return ParseWordPrimary();
            default:
                Expect("expression");
                throw Unexpected();
        }
    }

    /// <summary>A scalar subquery, a row constructor <c>(a, b)</c>, or a parenthesised expression (parentheses dropped).</summary>
    private SqlExpression ParseParenthesized()
    {
        Token open = Advance();
        if (AtQueryKeyword())
        {
            QueryExpression query = ParseQuery();
            ExpectClose(open);
            return new ScalarSubqueryExpression(query, SpanFrom(open));
        }

        // "((SELECT 1) UNION (SELECT 2))" is a query, "((SELECT 1) + 1)" an expression: try the query first.
        QueryExpression? nested = StartsQueryAfterParentheses()
            ? TryParse(() =>
            {
                QueryExpression inner = ParseQuery();
                ExpectClose(open);
                return inner;
            })
            : null;
        if (nested is not null)
        {
            return new ScalarSubqueryExpression(nested, SpanFrom(open));
        }

        SqlExpression first = ParseExpression();
        if (At(TokenKind.Comma))
        {
            var fields = new List<SqlExpression> { first };
            while (Accept(TokenKind.Comma))
            {
                fields.Add(ParseExpression());
            }

            ExpectClose(open);
            return new RowConstructorExpression(fields, false, SpanFrom(open));
        }

        Expect(Label(TokenKind.Comma));
        ExpectClose(open);
        return first;
    }

    private SqlExpression ParseWordPrimary()
    {
        Token start = Current;
        bool call = At(TokenKind.LeftParen, 1);
        switch (start.Keyword)
        {
            case Keyword.True:
                Advance();
                return new BooleanLiteral(true, start.Span);
            case Keyword.False:
                Advance();
                return new BooleanLiteral(false, start.Span);
            case Keyword.Unknown:
                Advance();
                return new BooleanLiteral(null, start.Span);
            case Keyword.Null:
                Advance();
                return new NullLiteral(start.Span);
            case Keyword.Case:
                return ParseCase();
            case Keyword.Cast or Keyword.TryCast when call:
                return ParseCast();
            case Keyword.Exists:
                {
                    Advance();
                    Token open = ExpectToken(TokenKind.LeftParen);
                    QueryExpression query = ParseQuery();
                    ExpectClose(open);
                    return new ExistsExpression(query, SpanFrom(start));
                }

            case Keyword.Interval:
                return ParseIntervalLiteral();
            case Keyword.Date or Keyword.Time or Keyword.Timestamp or Keyword.TimestampLtz
                when At(TokenKind.String, 1) || (start.Keyword == Keyword.Timestamp && AtKeyword(Keyword.With, 1)):
                return ParseDateTimeLiteral();
            case Keyword.CurrentDate:
                Advance();
                return new CurrentTimeExpression(CurrentTimeFunction.CurrentDate, start.Span);
            case Keyword.CurrentTime:
                Advance();
                return new CurrentTimeExpression(CurrentTimeFunction.CurrentTime, start.Span);
            case Keyword.CurrentTimestamp:
                Advance();
                return new CurrentTimeExpression(CurrentTimeFunction.CurrentTimestamp, start.Span);
            case Keyword.Localtime:
                Advance();
                return new CurrentTimeExpression(CurrentTimeFunction.LocalTime, start.Span);
            case Keyword.Localtimestamp:
                Advance();
                return new CurrentTimeExpression(CurrentTimeFunction.LocalTimestamp, start.Span);
            case Keyword.Row when call:
                {
                    Advance();
                    Token open = Advance();
                    List<SqlExpression> fields = At(TokenKind.RightParen) ? [] : ParseExpressionList();
                    ExpectClose(open);
                    return new RowConstructorExpression(fields, true, SpanFrom(start));
                }

            case Keyword.Array when At(TokenKind.LeftBracket, 1):
                return ParseArrayConstructor();
            case Keyword.Array when call:
                throw NotSupported(start, "ARRAY(subquery); write ARRAY[..] with the elements");
            case Keyword.Map when At(TokenKind.LeftBracket, 1):
                return ParseMapConstructor();
            case Keyword.Extract when call:
                return ParseExtract();
            case Keyword.Floor or Keyword.Ceil or Keyword.Ceiling when call:
                return ParseFloorCeil();
            case Keyword.Trim when call:
                return ParseTrim();
            case Keyword.Substring when call:
                return ParseSubstring();
            case Keyword.Position when call:
                return ParsePosition();
            case Keyword.Overlay when call:
                return ParseOverlay();
            case Keyword.Timestampadd or Keyword.Timestampdiff when call:
                return ParseTimestampArithmetic();
            case Keyword.Left or Keyword.Right when call:
                // Reserved for joins, but also string functions.
                return ParseFunctionCall(new QualifiedName([new Identifier(Advance().Text, false, start.Span)], start.Span));
        }

        if (Keywords.IsReserved(start.Keyword))
        {
            // Quoting advice fits a reserved word used as a name (SELECT select), not a clause word met too early
            // (SELECT FROM t), where the expected list says it all.
            Expect("expression");
            throw Unexpected(ClauseWords.Contains(start.Keyword)
                ? null
                : $" ('{start.Text}' is a reserved word; write `{start.Text}` to use it as a name)");
        }

        return ParseNameOrCall();
    }

    /// <summary>A dotted name, or a function call when '(' follows it.</summary>
    private SqlExpression ParseNameOrCall()
    {
        Token start = Current;
        var parts = new List<Identifier> { ParseIdentifier() };
        while (At(TokenKind.Dot) && AtIdentifier(1))
        {
            Advance();
            parts.Add(ParseIdentifier());
        }

        if (At(TokenKind.LeftParen))
        {
            return ParseFunctionCall(new QualifiedName(parts, SpanFrom(start)));
        }

        return new IdentifierExpression(parts, SpanFrom(start));
    }

    private FunctionCallExpression ParseFunctionCall(QualifiedName name)
    {
        Token open = ExpectToken(TokenKind.LeftParen);
        SetQuantifier quantifier = SetQuantifier.Default;
        bool star = false;
        var arguments = new List<SqlExpression>();
        if (At(TokenKind.Star) && At(TokenKind.RightParen, 1))
        {
            Advance();
            star = true;
        }
        else if (!At(TokenKind.RightParen))
        {
            quantifier = ParseSetQuantifier();
            do
            {
                arguments.Add(ParseFunctionArgument());
            }
            while (Accept(TokenKind.Comma));
        }

        ExpectClose(open);
        if (At(TokenKind.Word) && Current.Text.Equals("WITHIN", StringComparison.OrdinalIgnoreCase))
        {
            throw NotSupported(Current, "WITHIN GROUP (ORDER BY ..) on aggregate calls");
        }

        SqlExpression? filter = null;
        if (AcceptKeyword(Keyword.Filter))
        {
            Token filterOpen = ExpectToken(TokenKind.LeftParen);
            ExpectKeyword(Keyword.Where);
            filter = ParseExpression();
            ExpectClose(filterOpen);
        }

        OverWindow? over = null;
        if (AcceptKeyword(Keyword.Over))
        {
            over = At(TokenKind.LeftParen)
                ? ParseWindowSpecification()
                : new WindowReference(ParseIdentifier(), Previous.Span);
        }

        return new FunctionCallExpression(name, quantifier, arguments, star, filter, over, SpanFrom(name.Span));
    }

    /// <summary>An argument: an expression, <c>TABLE t ..</c>, <c>DESCRIPTOR(..)</c>, or <c>name => value</c>.</summary>
    private SqlExpression ParseFunctionArgument()
    {
        Token start = Current;
        // Parameter names may be reserved words (TUMBLE's OFFSET), since '=>' makes them unambiguous.
        if ((At(TokenKind.Word) || At(TokenKind.QuotedIdentifier)) && At(TokenKind.Arrow, 1))
        {
            Token nameToken = Advance();
            var name = new Identifier(nameToken.Value, nameToken.Kind == TokenKind.QuotedIdentifier, nameToken.Span);
            Advance();
            SqlExpression value = ParseFunctionArgument();
            return new NamedArgumentExpression(name, value, SpanFrom(start));
        }

        if (AtKeyword(Keyword.Table))
        {
            return ParseTableArgument();
        }

        if (AtKeyword(Keyword.Descriptor) && At(TokenKind.LeftParen, 1))
        {
            Advance();
            List<Identifier> columns = ParseIdentifierList();
            return new DescriptorExpression(columns, SpanFrom(start));
        }

        return ParseExpression();
    }

    private TableArgumentExpression ParseTableArgument()
    {
        Token start = ExpectKeyword(Keyword.Table);
        QualifiedName? table = null;
        QueryExpression? query = null;
        if (At(TokenKind.LeftParen) && StartsQueryAfterParentheses())
        {
            Token open = Advance();
            query = ParseQuery();
            ExpectClose(open);
        }
        else
        {
            table = ParseQualifiedName();
        }

        // Several keys go in parentheses, PARTITION BY (a, b): without them the comma would end the argument.
        List<SqlExpression> partitionBy = [];
        if (AcceptKeywords(Keyword.Partition, Keyword.By))
        {
            if (At(TokenKind.LeftParen))
            {
                Token open = Advance();
                partitionBy = ParseExpressionList();
                ExpectClose(open);
            }
            else
            {
                partitionBy.Add(ParseExpression());
            }
        }

        List<OrderItem> orderBy = [];
        if (AcceptKeywords(Keyword.Order, Keyword.By))
        {
            if (At(TokenKind.LeftParen))
            {
                Token open = Advance();
                orderBy = ParseOrderItems();
                ExpectClose(open);
            }
            else
            {
                orderBy = ParseOrderItems(single: true);
            }
        }

        return new TableArgumentExpression(table, query, partitionBy, orderBy, SpanFrom(start));
    }

    private CaseExpression ParseCase()
    {
        Token start = ExpectKeyword(Keyword.Case);
        SqlExpression? operand = AtKeyword(Keyword.When) ? null : ParseExpression();
        var whens = new List<WhenClause>();
        do
        {
            Token whenStart = ExpectKeyword(Keyword.When);
            SqlExpression condition = ParseExpression();
            ExpectKeyword(Keyword.Then);
            SqlExpression result = ParseExpression();
            whens.Add(new WhenClause(condition, result, SpanFrom(whenStart)));
        }
        while (AtKeyword(Keyword.When) || RecordAndFalse("WHEN"));

        SqlExpression? elseResult = AcceptKeyword(Keyword.Else) ? ParseExpression() : null;
        ExpectKeyword(Keyword.End);
        return new CaseExpression(operand, whens, elseResult, SpanFrom(start));
    }

    private bool RecordAndFalse(string label)
    {
        Expect(label);
        return false;
    }

    private ArrayConstructorExpression ParseArrayConstructor()
    {
        Token start = Advance();
        Token open = Advance();
        List<SqlExpression> elements = At(TokenKind.RightBracket) ? [] : ParseExpressionList();
        if (!Accept(TokenKind.RightBracket))
        {
            throw Unexpected(AtEndOfStatement ? $" to close the '[' at {open.Span}" : null);
        }

        return new ArrayConstructorExpression(elements, SpanFrom(start));
    }

    private MapConstructorExpression ParseMapConstructor()
    {
        Token start = Advance();
        Token open = Advance();
        var entries = new List<MapEntry>();
        do
        {
            SqlExpression key = ParseExpression();
            ExpectToken(TokenKind.Comma);
            SqlExpression value = ParseExpression();
            entries.Add(new MapEntry(key, value, SourceSpanOf(key, value)));
        }
        while (Accept(TokenKind.Comma));

        if (!Accept(TokenKind.RightBracket))
        {
            throw Unexpected(AtEndOfStatement ? $" to close the '[' at {open.Span}" : " (MAP[..] takes keys and values in pairs)");
        }

        return new MapConstructorExpression(entries, SpanFrom(start));
    }

    private static Source.SourceSpan SourceSpanOf(SqlNode first, SqlNode last) => Source.SourceSpan.Cover(first.Span, last.Span);
}
