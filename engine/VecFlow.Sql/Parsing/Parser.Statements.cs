using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    private static readonly string[] StatementStarts =
    [
        "SELECT", "INSERT", "CREATE", "DROP", "WITH", "VALUES", "EXECUTE STATEMENT SET", "BEGIN STATEMENT SET", "SET",
        "RESET", "EXPLAIN", "SHOW", "DESCRIBE",
    ];

    /// <summary>Statements separated by ';'; empty statements are skipped.</summary>
    public List<SqlStatement> ParseScript()
    {
        var statements = new List<SqlStatement>();
        while (true)
        {
            while (At(TokenKind.Semicolon))
            {
                Advance();
            }

            if (At(TokenKind.EndOfInput))
            {
                return statements;
            }

            statements.Add(ParseStatement());
            if (!At(TokenKind.EndOfInput) && !Accept(TokenKind.Semicolon))
            {
                Expect(Label(TokenKind.EndOfInput));
                throw Unexpected();
            }
        }
    }

    /// <summary>Exactly one statement, optionally followed by ';'.</summary>
    public SqlStatement ParseSingleStatement()
    {
        while (At(TokenKind.Semicolon))
        {
            Advance();
        }

        SqlStatement statement = ParseStatement();
        Accept(TokenKind.Semicolon);
        ExpectEndOfInput();
        return statement;
    }

    /// <summary>Runs <paramref name="parse"/> and requires that it consumed all input.</summary>
    public T ParseWhole<T>(Func<T> parse)
    {
        T result = parse();
        ExpectEndOfInput();
        return result;
    }

    private void ExpectEndOfInput()
    {
        if (!At(TokenKind.EndOfInput))
        {
            Expect(Label(TokenKind.EndOfInput));
            throw Unexpected();
        }
    }

    private SqlStatement ParseStatement()
    {
        Token start = Current;
        switch (start.Kind == TokenKind.Word ? start.Keyword : Keyword.None)
        {
            case Keyword.Create:
                return ParseCreate();
            case Keyword.Drop:
                return ParseDrop();
            case Keyword.Insert:
                return ParseInsert();
            case Keyword.Execute:
                Advance();
                ExpectKeyword(Keyword.Statement);
                ExpectKeyword(Keyword.Set);
                return ParseStatementSetBody(start, StatementSetSyntax.ExecuteStatementSet);
            case Keyword.Begin:
                Advance();
                ExpectKeyword(Keyword.Statement);
                ExpectKeyword(Keyword.Set);
                ExpectToken(TokenKind.Semicolon);
                return ParseStatementSetBody(start, StatementSetSyntax.BeginStatementSet);
            case Keyword.Set:
                return ParseSet();
            case Keyword.Reset:
                Advance();
                StringLiteral? resetKey = AtEndOfStatement ? null : ParseStringLiteral(" (write RESET or RESET 'key')");
                return new ResetStatement(resetKey, SpanFrom(start));
            case Keyword.Explain:
                return ParseExplain();
            case Keyword.Show:
                return ParseShow();
            case Keyword.Describe or Keyword.Desc:
                Advance();
                return new DescribeStatement(ParseQualifiedName(), SpanFrom(start));
            case Keyword.Select or Keyword.With or Keyword.Values:
                return new QueryStatement(ParseQuery(), SpanFrom(start));
            case Keyword.Alter or Keyword.Use or Keyword.Load or Keyword.Unload or Keyword.Analyze or Keyword.Truncate
                or Keyword.Update or Keyword.Delete or Keyword.Call or Keyword.Add or Keyword.Remove or Keyword.Merge:
                throw NotSupported(start, $"{start.Text.ToUpperInvariant()} statements");
        }

        if (At(TokenKind.LeftParen) && StartsQueryAfterParentheses())
        {
            return new QueryStatement(ParseQuery(), SpanFrom(start));
        }

        foreach (string label in StatementStarts)
        {
            Expect(label);
        }

        throw Unexpected();
    }

    private SetStatement ParseSet()
    {
        Token start = Advance();
        if (AtEndOfStatement)
        {
            return new SetStatement(null, null, SpanFrom(start));
        }

        StringLiteral key = ParseStringLiteral(" (write SET 'key' = 'value')");
        ExpectToken(TokenKind.Equals);
        StringLiteral value = ParseStringLiteral(" (write SET 'key' = 'value'; values are quoted)");
        return new SetStatement(key, value, SpanFrom(start));
    }

    private ExplainStatement ParseExplain()
    {
        Token start = Advance();
        var details = new List<ExplainDetail>();
        bool planFor = false;
        if (AcceptKeyword(Keyword.Plan))
        {
            ExpectKeyword(Keyword.For);
            planFor = true;
        }
        else
        {
            while (TryParseExplainDetail(out ExplainDetail detail))
            {
                details.Add(detail);
                if (!Accept(TokenKind.Comma))
                {
                    break;
                }
            }
        }

        Token inner = Current;
        SqlStatement statement;
        if (AtKeyword(Keyword.Insert))
        {
            statement = ParseInsert();
        }
        else if (AtKeyword(Keyword.Execute) || AtKeyword(Keyword.Statement))
        {
            // EXPLAIN takes the set as EXECUTE STATEMENT SET BEGIN .. END or STATEMENT SET BEGIN .. END.
            AcceptKeyword(Keyword.Execute);
            ExpectKeyword(Keyword.Statement);
            ExpectKeyword(Keyword.Set);
            statement = ParseStatementSetBody(inner, StatementSetSyntax.ExecuteStatementSet);
        }
        else if (AtKeyword(Keyword.Select) || AtKeyword(Keyword.With) || AtKeyword(Keyword.Values)
            || (At(TokenKind.LeftParen) && StartsQueryAfterParentheses()))
        {
            statement = new QueryStatement(ParseQuery(), SpanFrom(inner));
        }
        else
        {
            foreach (string label in new[] { "SELECT", "WITH", "VALUES", "INSERT", "STATEMENT SET" })
            {
                Expect(label);
            }

            throw Unexpected(" (EXPLAIN explains a query, an INSERT or a statement set)");
        }

        return new ExplainStatement(details, planFor, statement, SpanFrom(start));
    }

    private bool TryParseExplainDetail(out ExplainDetail detail)
    {
        (Keyword Word, ExplainDetail Detail)[] known =
        [
            (Keyword.EstimatedCost, ExplainDetail.EstimatedCost),
            (Keyword.ChangelogMode, ExplainDetail.ChangelogMode),
            (Keyword.JsonExecutionPlan, ExplainDetail.JsonExecutionPlan),
            (Keyword.PlanAdvice, ExplainDetail.PlanAdvice),
        ];
        foreach ((Keyword word, ExplainDetail value) in known)
        {
            if (AcceptKeyword(word))
            {
                detail = value;
                return true;
            }
        }

        detail = default;
        return false;
    }

    private ShowStatement ParseShow()
    {
        Token start = Advance();
        (Keyword Word, ShowObjectKind Kind)[] known =
        [
            (Keyword.Tables, ShowObjectKind.Tables),
            (Keyword.Views, ShowObjectKind.Views),
            (Keyword.Functions, ShowObjectKind.Functions),
            (Keyword.Catalogs, ShowObjectKind.Catalogs),
            (Keyword.Databases, ShowObjectKind.Databases),
            (Keyword.Modules, ShowObjectKind.Modules),
        ];
        foreach ((Keyword word, ShowObjectKind kind) in known)
        {
            if (AcceptKeyword(word))
            {
                return new ShowStatement(kind, SpanFrom(start));
            }
        }

        if (At(TokenKind.Word))
        {
            throw NotSupported(Current, $"SHOW {Current.Text.ToUpperInvariant()}");
        }

        throw Unexpected();
    }

    private DropStatement ParseDrop()
    {
        Token start = Advance();
        bool temporary = AcceptKeyword(Keyword.Temporary);
        bool system = temporary && AcceptKeyword(Keyword.System);
        DropObjectKind kind;
        if (AcceptKeyword(Keyword.Table))
        {
            kind = DropObjectKind.Table;
        }
        else if (AcceptKeyword(Keyword.View))
        {
            kind = DropObjectKind.View;
        }
        else if (AcceptKeyword(Keyword.Function))
        {
            kind = DropObjectKind.Function;
        }
        else if (AtKeyword(Keyword.Catalog) || AtKeyword(Keyword.Database))
        {
            throw NotSupported(Current, $"DROP {Current.Text.ToUpperInvariant()}");
        }
        else
        {
            throw Unexpected();
        }

        if (system && kind != DropObjectKind.Function)
        {
            throw Error(SqlParseErrorKind.InvalidSyntax, SpanFrom(start),
                "SYSTEM applies only to functions: write DROP TEMPORARY SYSTEM FUNCTION", start.Text);
        }

        bool ifExists = false;
        if (AcceptKeyword(Keyword.If))
        {
            ExpectKeyword(Keyword.Exists);
            ifExists = true;
        }

        QualifiedName name = ParseQualifiedName();
        return new DropStatement(kind, name, ifExists, temporary, system, SpanFrom(start));
    }

    private InsertStatement ParseInsert()
    {
        Token start = ExpectKeyword(Keyword.Insert);
        bool overwrite = false;
        if (!AcceptKeyword(Keyword.Into))
        {
            if (!AcceptKeyword(Keyword.Overwrite))
            {
                throw Unexpected();
            }

            overwrite = true;
        }

        QualifiedName target = ParseQualifiedName();
        var partition = new List<PartitionValue>();
        if (AcceptKeyword(Keyword.Partition))
        {
            Token open = ExpectToken(TokenKind.LeftParen);
            do
            {
                Token itemStart = Current;
                Identifier column = ParseIdentifier();
                ExpectToken(TokenKind.Equals);
                SqlExpression value = ParseExpression();
                partition.Add(new PartitionValue(column, value, SpanFrom(itemStart)));
            }
            while (Accept(TokenKind.Comma));
            ExpectClose(open);
        }

        List<Identifier> columns = At(TokenKind.LeftParen) && !StartsQueryAfterParentheses() ? ParseIdentifierList() : [];
        QueryExpression query = ParseQuery();
        return new InsertStatement(target, overwrite, partition, columns, query, SpanFrom(start));
    }

    /// <summary>
    /// The inserts of a statement set up to its END. The caller has read EXECUTE STATEMENT SET (then BEGIN follows)
    /// or BEGIN STATEMENT SET; (then the inserts follow).
    /// </summary>
    private StatementSetStatement ParseStatementSetBody(Token start, StatementSetSyntax syntax)
    {
        if (syntax == StatementSetSyntax.ExecuteStatementSet)
        {
            ExpectKeyword(Keyword.Begin);
        }

        var inserts = new List<InsertStatement>();
        while (true)
        {
            while (At(TokenKind.Semicolon))
            {
                Advance();
            }

            if (AcceptKeyword(Keyword.End))
            {
                return new StatementSetStatement(inserts, syntax, SpanFrom(start));
            }

            if (At(TokenKind.EndOfInput))
            {
                throw Error(SqlParseErrorKind.MissingEnd, Current.Span,
                    $"missing END of the statement set that begins at line {start.Span.Line}, column {start.Span.Column}",
                    string.Empty);
            }

            if (!AtKeyword(Keyword.Insert))
            {
                Expect("INSERT");
                throw Unexpected(" (a statement set holds only INSERT statements)");
            }

            inserts.Add(ParseInsert());
            if (!Accept(TokenKind.Semicolon) && !AtKeyword(Keyword.End))
            {
                Expect("END");
                if (At(TokenKind.EndOfInput))
                {
                    throw Error(SqlParseErrorKind.MissingEnd, Current.Span,
                        $"missing END of the statement set that begins at line {start.Span.Line}, column {start.Span.Column}",
                        string.Empty);
                }

                throw Unexpected();
            }
        }
    }
}
