using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    private const int UnionPrecedence = 1;
    private const int IntersectPrecedence = 2;

    /// <summary>Whether the tokens from here are '('s followed by the start of a query (SELECT, WITH, VALUES).</summary>
    private bool StartsQueryAfterParentheses(int ahead = 0) => AtQueryKeyword(SkipOpenParentheses(ahead));

    private bool AtQueryKeyword(int ahead = 0) =>
        AtKeyword(Keyword.Select, ahead) || AtKeyword(Keyword.With, ahead) || AtKeyword(Keyword.Values, ahead);

    /// <summary>A full query: <c>[WITH ..] body [ORDER BY ..] [LIMIT | OFFSET | FETCH ..]</c>.</summary>
    public QueryExpression ParseQuery()
    {
        GuardDepth();
        Token start = Current;
        if (!AcceptKeyword(Keyword.With))
        {
            return ParseOrderedQuery();
        }

        var items = new List<CommonTableExpression>();
        do
        {
            Token itemStart = Current;
            Identifier name = ParseIdentifier();
            List<Identifier> columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : [];
            ExpectKeyword(Keyword.As);
            Token open = ExpectToken(TokenKind.LeftParen);
            QueryExpression query = ParseQuery();
            ExpectClose(open);
            items.Add(new CommonTableExpression(name, columns, query, SpanFrom(itemStart)));
        }
        while (Accept(TokenKind.Comma));

        QueryExpression body = ParseOrderedQuery();
        return new WithQuery(items, body, SpanFrom(start));
    }

    private QueryExpression ParseOrderedQuery()
    {
        Token start = Current;
        QueryExpression body = ParseSetExpression(UnionPrecedence);
        List<OrderItem> orderBy = AcceptKeywords(Keyword.Order, Keyword.By) ? ParseOrderItems() : [];
        SqlExpression? limit = null;
        SqlExpression? offset = null;
        if (AcceptKeyword(Keyword.Limit))
        {
            limit = ParseExpression();
            if (AcceptKeyword(Keyword.Offset))
            {
                offset = ParseExpression();
                AcceptRowOrRows();
            }
        }
        else
        {
            if (AcceptKeyword(Keyword.Offset))
            {
                offset = ParseExpression();
                AcceptRowOrRows();
            }

            if (AcceptKeyword(Keyword.Fetch))
            {
                if (!AcceptKeyword(Keyword.First))
                {
                    ExpectKeyword(Keyword.Next);
                }

                limit = ParseExpression();
                if (!AcceptRowOrRows())
                {
                    throw Unexpected();
                }

                ExpectKeyword(Keyword.Only);
            }
        }

        if (orderBy.Count == 0 && limit is null && offset is null)
        {
            return body;
        }

        return new OrderedQuery(body, orderBy, offset, limit, SpanFrom(start));
    }

    private bool AcceptRowOrRows() => AcceptKeyword(Keyword.Rows) || AcceptKeyword(Keyword.Row);

    /// <summary>Set operations by precedence climbing: INTERSECT binds tighter than UNION and EXCEPT; all are left-associative.</summary>
    private QueryExpression ParseSetExpression(int minPrecedence)
    {
        Token start = Current;
        QueryExpression left = ParseQueryPrimary();
        while (true)
        {
            SetOperator op;
            int precedence;
            if (AcceptKeywordIf(Keyword.Union, minPrecedence <= UnionPrecedence))
            {
                (op, precedence) = (SetOperator.Union, UnionPrecedence);
            }
            else if (AcceptKeywordIf(Keyword.Except, minPrecedence <= UnionPrecedence))
            {
                (op, precedence) = (SetOperator.Except, UnionPrecedence);
            }
            else if (AcceptKeywordIf(Keyword.Intersect, minPrecedence <= IntersectPrecedence))
            {
                (op, precedence) = (SetOperator.Intersect, IntersectPrecedence);
            }
            else
            {
                return left;
            }

            SetQuantifier quantifier = ParseSetQuantifier();
            QueryExpression right = ParseSetExpression(precedence + 1);
            left = new SetOperationQuery(left, op, quantifier, right, SpanFrom(start));
        }
    }

    /// <summary>Accepts a keyword only when <paramref name="allowed"/>; records it as expected either way.</summary>
    private bool AcceptKeywordIf(Keyword keyword, bool allowed)
    {
        if (allowed)
        {
            return AcceptKeyword(keyword);
        }

        Expect(Keywords.Text(keyword));
        return false;
    }

    private SetQuantifier ParseSetQuantifier() =>
        AcceptKeyword(Keyword.All) ? SetQuantifier.All
        : AcceptKeyword(Keyword.Distinct) ? SetQuantifier.Distinct
        : SetQuantifier.Default;

    private QueryExpression ParseQueryPrimary()
    {
        GuardDepth();
        if (AtKeyword(Keyword.Select))
        {
            return ParseSelect();
        }

        if (AtKeyword(Keyword.Values))
        {
            return ParseValues();
        }

        if (At(TokenKind.LeftParen))
        {
            Token open = Advance();
            QueryExpression inner = ParseQuery();
            ExpectClose(open);
            return inner;
        }

        Expect("SELECT");
        Expect("VALUES");
        Expect("WITH");
        Expect(Label(TokenKind.LeftParen));
        throw Unexpected();
    }

    private ValuesQuery ParseValues()
    {
        Token start = ExpectKeyword(Keyword.Values);
        var rows = new List<ValuesRow>();
        do
        {
            Token rowStart = Current;
            var values = new List<SqlExpression>();
            if (At(TokenKind.LeftParen) || (AtKeyword(Keyword.Row) && At(TokenKind.LeftParen, 1)))
            {
                AcceptKeyword(Keyword.Row);
                Token open = Advance();
                values.AddRange(ParseExpressionList());
                ExpectClose(open);
            }
            else
            {
                values.Add(ParseExpression());
            }

            rows.Add(new ValuesRow(values, SpanFrom(rowStart)));
        }
        while (Accept(TokenKind.Comma));

        return new ValuesQuery(rows, SpanFrom(start));
    }

    private SelectQuery ParseSelect()
    {
        Token start = ExpectKeyword(Keyword.Select);
        SetQuantifier quantifier = ParseSetQuantifier();
        var items = new List<SelectItem>();
        do
        {
            items.Add(ParseSelectItem());
        }
        while (Accept(TokenKind.Comma));

        TableReference? from = AcceptKeyword(Keyword.From) ? ParseFromClause() : null;
        SqlExpression? where = AcceptKeyword(Keyword.Where) ? ParseExpression() : null;
        GroupByClause? groupBy = AtKeyword(Keyword.Group) ? ParseGroupBy() : null;
        if (groupBy is null)
        {
            Expect("GROUP BY");
        }

        SqlExpression? having = AcceptKeyword(Keyword.Having) ? ParseExpression() : null;
        var windows = new List<NamedWindow>();
        if (AcceptKeyword(Keyword.Window))
        {
            do
            {
                Token windowStart = Current;
                Identifier name = ParseIdentifier();
                ExpectKeyword(Keyword.As);
                WindowSpecification specification = ParseWindowSpecification();
                windows.Add(new NamedWindow(name, specification, SpanFrom(windowStart)));
            }
            while (Accept(TokenKind.Comma));
        }

        return new SelectQuery(quantifier, items, from, where, groupBy, having, windows, SpanFrom(start));
    }

    private SelectItem ParseSelectItem()
    {
        Token start = Current;
        if (At(TokenKind.Star))
        {
            Advance();
            return new StarSelectItem(null, start.Span);
        }

        Expect(Label(TokenKind.Star));

        if (AtQualifiedStar())
        {
            var parts = new List<Identifier> { ParseIdentifier() };
            while (At(TokenKind.Dot) && AtIdentifier(1))
            {
                Advance();
                parts.Add(ParseIdentifier());
            }

            var qualifier = new QualifiedName(parts, SpanFrom(start));
            ExpectToken(TokenKind.Dot);
            ExpectToken(TokenKind.Star);
            return new StarSelectItem(qualifier, SpanFrom(start));
        }

        SqlExpression expression = ParseExpression();
        Identifier? alias = ParseOptionalAlias();
        return new ExpressionSelectItem(expression, alias, SpanFrom(start));
    }

    /// <summary>Whether the tokens from here are <c>name(.name)*.*</c>.</summary>
    private bool AtQualifiedStar()
    {
        int i = 0;
        while (AtIdentifier(i) && At(TokenKind.Dot, i + 1))
        {
            if (At(TokenKind.Star, i + 2))
            {
                return true;
            }

            i += 2;
        }

        return false;
    }

    /// <summary><c>[AS] alias</c>; without AS, any identifier that is not a reserved word is taken as the alias.</summary>
    private Identifier? ParseOptionalAlias()
    {
        if (AcceptKeyword(Keyword.As))
        {
            return ParseIdentifier();
        }

        if (!AtIdentifier())
        {
            return null;
        }

        _implicitAliasAt = _pos;
        return ParseIdentifier();
    }

    private GroupByClause ParseGroupBy()
    {
        Token start = ExpectKeyword(Keyword.Group);
        ExpectKeyword(Keyword.By);
        var elements = new List<GroupingElement>();
        do
        {
            elements.Add(ParseGroupingElement());
        }
        while (Accept(TokenKind.Comma));

        return new GroupByClause(elements, SpanFrom(start));
    }

    private GroupingElement ParseGroupingElement()
    {
        Token start = Current;
        if (At(TokenKind.LeftParen) && At(TokenKind.RightParen, 1))
        {
            Advance();
            Advance();
            return new EmptyGrouping(SpanFrom(start));
        }

        if (AtKeyword(Keyword.Grouping) && AtKeyword(Keyword.Sets, 1))
        {
            Advance();
            Advance();
            Token open = ExpectToken(TokenKind.LeftParen);
            var sets = new List<GroupingElement>();
            do
            {
                sets.Add(ParseGroupingElement());
            }
            while (Accept(TokenKind.Comma));

            ExpectClose(open);
            return new GroupingSetsGrouping(sets, SpanFrom(start));
        }

        if ((AtKeyword(Keyword.Rollup) || AtKeyword(Keyword.Cube)) && At(TokenKind.LeftParen, 1))
        {
            GroupingSetsShorthand kind = Advance().Keyword == Keyword.Rollup ? GroupingSetsShorthand.Rollup : GroupingSetsShorthand.Cube;
            Token open = Advance();
            List<SqlExpression> expressions = ParseExpressionList();
            ExpectClose(open);
            return new RollupCubeGrouping(kind, expressions, SpanFrom(start));
        }

        return new ExpressionGrouping(ParseExpression(), SpanFrom(start));
    }

    private List<OrderItem> ParseOrderItems(bool single = false)
    {
        var items = new List<OrderItem>();
        do
        {
            Token start = Current;
            SqlExpression expression = ParseExpression();
            SortDirection direction = AcceptKeyword(Keyword.Asc) ? SortDirection.Ascending
                : AcceptKeyword(Keyword.Desc) ? SortDirection.Descending
                : SortDirection.Default;
            NullOrdering nulls = NullOrdering.Default;
            if (AcceptKeyword(Keyword.Nulls))
            {
                nulls = AcceptKeyword(Keyword.First) ? NullOrdering.First
                    : AcceptKeyword(Keyword.Last) ? NullOrdering.Last
                    : throw Unexpected();
            }

            items.Add(new OrderItem(expression, direction, nulls, SpanFrom(start)));
        }
        while (!single && Accept(TokenKind.Comma));

        return items;
    }
}
