using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    /// <summary>Table references joined left to right; a comma is a cross join at the same precedence, as in Flink.</summary>
    private TableReference ParseFromClause()
    {
        Token start = Current;
        TableReference left = ParseTablePrimary();
        while (true)
        {
            if (AtKeyword(Keyword.MatchRecognize))
            {
                throw NotSupported(Current, "MATCH_RECOGNIZE");
            }

            if (Accept(TokenKind.Comma))
            {
                TableReference right = ParseTablePrimary();
                left = new JoinedTable(left, JoinKind.Comma, false, right, null, SpanFrom(start));
                continue;
            }

            if (!TryParseJoinKind(out JoinKind kind, out bool natural))
            {
                return left;
            }

            TableReference joined = ParseTablePrimary();
            JoinCondition? condition = null;
            Token conditionStart = Current;
            if (kind != JoinKind.Cross && !natural)
            {
                if (AcceptKeyword(Keyword.On))
                {
                    condition = new OnJoinCondition(ParseExpression(), SpanFrom(conditionStart));
                }
                else if (AcceptKeyword(Keyword.Using))
                {
                    condition = new UsingJoinCondition(ParseIdentifierList(), SpanFrom(conditionStart));
                }
                else
                {
                    throw Unexpected(" (a join needs ON or USING; use CROSS JOIN for a cross product)");
                }
            }

            left = new JoinedTable(left, kind, natural, joined, condition, SpanFrom(start));
        }
    }

    private bool TryParseJoinKind(out JoinKind kind, out bool natural)
    {
        natural = false;
        kind = JoinKind.Inner;
        if (!(AtKeyword(Keyword.Join) || AtKeyword(Keyword.Inner) || AtKeyword(Keyword.Left) || AtKeyword(Keyword.Right)
            || AtKeyword(Keyword.Full) || AtKeyword(Keyword.Cross) || AtKeyword(Keyword.Natural)))
        {
            // One label stands for all the join spellings to keep expected lists short.
            Expect("JOIN");
            return false;
        }

        Token natToken = Current;
        natural = AcceptKeyword(Keyword.Natural);
        if (AcceptKeyword(Keyword.Left))
        {
            kind = JoinKind.Left;
            AcceptKeyword(Keyword.Outer);
        }
        else if (AcceptKeyword(Keyword.Right))
        {
            kind = JoinKind.Right;
            AcceptKeyword(Keyword.Outer);
        }
        else if (AcceptKeyword(Keyword.Full))
        {
            kind = JoinKind.Full;
            AcceptKeyword(Keyword.Outer);
        }
        else if (AcceptKeyword(Keyword.Cross))
        {
            kind = JoinKind.Cross;
        }
        else
        {
            AcceptKeyword(Keyword.Inner);
        }

        if (natural && kind == JoinKind.Cross)
        {
            throw Error(SqlParseErrorKind.InvalidSyntax, natToken.Span, "NATURAL cannot be combined with CROSS JOIN", natToken.Text);
        }

        ExpectKeyword(Keyword.Join);
        return true;
    }

    private TableReference ParseTablePrimary()
    {
        GuardDepth();
        Token start = Current;
        if (AtKeyword(Keyword.MatchRecognize))
        {
            throw NotSupported(Current, "MATCH_RECOGNIZE");
        }

        bool lateral = AcceptKeyword(Keyword.Lateral);
        if (AtKeyword(Keyword.Table) && At(TokenKind.LeftParen, 1))
        {
            Advance();
            Token open = Advance();
            Token callStart = Current;
            SqlExpression call = ParseExpression();
            if (call is not FunctionCallExpression function)
            {
                throw Error(SqlParseErrorKind.InvalidSyntax, call.Span,
                    "TABLE(...) takes a table function call, such as TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
                    callStart.Text);
            }

            ExpectClose(open);
            return new TableFunctionTable(function, lateral, ParseTableAlias(), SpanFrom(start));
        }

        if (At(TokenKind.LeftParen) && AtQueryKeyword(1))
        {
            return ParseDerivedTable(start, lateral);
        }

        // "((SELECT ..) UNION (..)) AS t" is a derived table, "((SELECT ..) AS a JOIN b ..)" a parenthesised join.
        DerivedTable? derived = At(TokenKind.LeftParen) && StartsQueryAfterParentheses()
            ? TryParse(() => ParseDerivedTable(start, lateral))
            : null;
        if (derived is not null)
        {
            return derived;
        }

        if (lateral)
        {
            Expect("TABLE");
            Expect(Label(TokenKind.LeftParen));
            throw Unexpected(" (LATERAL takes TABLE(f(..)) or a subquery)");
        }

        if (AtKeyword(Keyword.Unnest))
        {
            Advance();
            Token open = ExpectToken(TokenKind.LeftParen);
            List<SqlExpression> arguments = ParseExpressionList();
            ExpectClose(open);
            bool withOrdinality = false;
            if (AtKeyword(Keyword.With) && AtKeyword(Keyword.Ordinality, 1))
            {
                Advance();
                Advance();
                withOrdinality = true;
            }

            return new UnnestTable(arguments, withOrdinality, ParseTableAlias(), SpanFrom(start));
        }

        if (At(TokenKind.LeftParen))
        {
            // A parenthesised join: (a JOIN b ON ..).
            Token open = Advance();
            TableReference inner = ParseFromClause();
            ExpectClose(open);
            return inner;
        }

        if (!AtIdentifier())
        {
            Expect("table name");
            Expect(Label(TokenKind.LeftParen));
            Expect("LATERAL");
            Expect("TABLE");
            Expect("UNNEST");
            throw Unexpected();
        }

        QualifiedName name = ParseQualifiedName();
        if (At(TokenKind.LeftParen))
        {
            throw Unexpected($" (call a table function as TABLE({name.Last.Value}(..)))");
        }

        SqlExpression? asOf = null;
        if (!AtKeyword(Keyword.For))
        {
            Expect("FOR SYSTEM_TIME AS OF");
        }
        else
        {
            Advance();
            ExpectKeyword(Keyword.SystemTime);
            ExpectKeyword(Keyword.As);
            ExpectKeyword(Keyword.Of);
            asOf = ParseExpression();
        }

        return new NamedTable(name, asOf, ParseTableAlias(), SpanFrom(start));
    }

    private DerivedTable ParseDerivedTable(Token start, bool lateral)
    {
        Token open = ExpectToken(TokenKind.LeftParen);
        QueryExpression query = ParseQuery();
        ExpectClose(open);
        return new DerivedTable(query, lateral, ParseTableAlias(), SpanFrom(start));
    }

    private TableAlias? ParseTableAlias()
    {
        Token start = Current;
        Identifier? name = ParseOptionalAlias();
        if (name is null)
        {
            return null;
        }

        List<Identifier> columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : [];
        return new TableAlias(name, columns, SpanFrom(start));
    }
}
