using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    private SqlStatement ParseCreate()
    {
        Token start = Advance();
        if (AtKeyword(Keyword.Or))
        {
            throw NotSupported(Current, "CREATE OR REPLACE");
        }

        bool temporary = AcceptKeyword(Keyword.Temporary);
        bool system = AcceptKeyword(Keyword.System);
        if (!system && AcceptKeyword(Keyword.Table))
        {
            return ParseCreateTable(start, temporary);
        }

        if (AcceptKeyword(Keyword.View))
        {
            return ParseCreateView(start, temporary, system);
        }

        if (AcceptKeyword(Keyword.Function))
        {
            if (system && !temporary)
            {
                throw Error(SqlParseErrorKind.InvalidSyntax, SpanFrom(start),
                    "a system function is always temporary: write CREATE TEMPORARY SYSTEM FUNCTION", start.Text);
            }

            FunctionScope scope = system ? FunctionScope.TemporarySystem
                : temporary ? FunctionScope.Temporary : FunctionScope.Catalog;
            return ParseCreateFunction(start, scope);
        }

        if (!system && (AtKeyword(Keyword.Catalog) || AtKeyword(Keyword.Database)))
        {
            throw NotSupported(Current, $"CREATE {Current.Text.ToUpperInvariant()}");
        }

        throw Unexpected();
    }

    private bool ParseIfNotExists()
    {
        if (!AcceptKeyword(Keyword.If))
        {
            return false;
        }

        ExpectKeyword(Keyword.Not);
        ExpectKeyword(Keyword.Exists);
        return true;
    }

    private CreateViewStatement ParseCreateView(Token start, bool temporary, bool system)
    {
        bool ifNotExists = ParseIfNotExists();
        QualifiedName name = ParseQualifiedName();
        List<Identifier> columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : [];
        TryParseComment(out StringLiteral? comment);
        ExpectKeyword(Keyword.As);
        QueryExpression query = ParseQuery();
        return new CreateViewStatement(name, temporary, system, ifNotExists, columns, comment, query, SpanFrom(start));
    }

    private CreateFunctionStatement ParseCreateFunction(Token start, FunctionScope scope)
    {
        bool ifNotExists = ParseIfNotExists();
        QualifiedName name = ParseQualifiedName();
        ExpectKeyword(Keyword.As);
        StringLiteral className = ParseStringLiteral(" (the implementing class, as in AS 'com.example.MyFunction')");
        FunctionLanguage? language = null;
        if (AcceptKeyword(Keyword.Language))
        {
            language = Current.Text.ToUpperInvariant() switch
            {
                "JAVA" => FunctionLanguage.Java,
                "SCALA" => FunctionLanguage.Scala,
                "PYTHON" => FunctionLanguage.Python,
                "CSHARP" => FunctionLanguage.CSharp,
                _ => null,
            };
            if (language is null || Current.Kind != TokenKind.Word)
            {
                foreach (string label in new[] { "JAVA", "SCALA", "PYTHON", "CSHARP" })
                {
                    Expect(label);
                }

                throw Unexpected();
            }

            Advance();
        }

        var jars = new List<StringLiteral>();
        if (AcceptKeyword(Keyword.Using))
        {
            do
            {
                ExpectKeyword(Keyword.Jar);
                jars.Add(ParseStringLiteral());
            }
            while (Accept(TokenKind.Comma));
        }

        return new CreateFunctionStatement(name, scope, ifNotExists, className, language, jars, SpanFrom(start));
    }

    private CreateTableStatement ParseCreateTable(Token start, bool temporary)
    {
        bool ifNotExists = ParseIfNotExists();
        QualifiedName name = ParseQualifiedName();
        var columns = new List<TableColumn>();
        var watermarks = new List<WatermarkDefinition>();
        PrimaryKeyConstraint? primaryKey = null;
        SourceSpan? firstKey = null;

        void AddPrimaryKey(SqlNode key)
        {
            if (firstKey is { } first)
            {
                throw Error(SqlParseErrorKind.InvalidSyntax, key.Span,
                    $"duplicate primary key: a table has at most one, and one is already declared at {first}",
                    _source.Original[key.Span.Start..key.Span.End]);
            }

            firstKey = key.Span;
            if (key is PrimaryKeyConstraint tableKey)
            {
                primaryKey = tableKey;
            }
        }

        if (At(TokenKind.LeftParen))
        {
            Token open = Advance();
            do
            {
                ParseTableElement(columns, watermarks, AddPrimaryKey);
            }
            while (Accept(TokenKind.Comma));
            ExpectClose(open);
        }

        TryParseComment(out StringLiteral? comment);
        List<Identifier> partitionedBy = AcceptKeywords(Keyword.Partitioned, Keyword.By) ? ParseIdentifierList() : [];
        List<TableOption> options = AcceptKeyword(Keyword.With) ? ParseTableOptions() : [];
        TableLikeClause? like = AtKeyword(Keyword.Like) ? ParseLikeClause() : null;
        Expect("LIKE");

        QueryExpression? asQuery = AcceptKeyword(Keyword.As) ? ParseQuery() : null;
        return new CreateTableStatement(
            name, temporary, ifNotExists, columns, watermarks, primaryKey, comment, partitionedBy, options, like,
            asQuery, SpanFrom(start));
    }

    private void ParseTableElement(
        List<TableColumn> columns, List<WatermarkDefinition> watermarks, Action<SqlNode> addKey)
    {
        Token start = Current;
        if (AtKeyword(Keyword.Watermark) && AtKeyword(Keyword.For, 1))
        {
            Advance();
            Advance();
            Identifier column = ParseIdentifier();
            ExpectKeyword(Keyword.As);
            SqlExpression strategy = ParseExpression();
            watermarks.Add(new WatermarkDefinition(column, strategy, SpanFrom(start)));
            return;
        }

        if (AtKeyword(Keyword.Constraint) || AtKeyword(Keyword.Primary))
        {
            Identifier? constraintName = ParseConstraintName();
            ExpectKeyword(Keyword.Primary);
            ExpectKeyword(Keyword.Key);
            List<Identifier> keyColumns = ParseIdentifierList();
            ParseNotEnforced();
            addKey(new PrimaryKeyConstraint(constraintName, keyColumns, SpanFrom(start)));
            return;
        }

        if (Current.Kind == TokenKind.Word && Current.Text.Equals("UNIQUE", StringComparison.OrdinalIgnoreCase))
        {
            throw NotSupported(Current, "UNIQUE constraints (only PRIMARY KEY .. NOT ENFORCED)");
        }

        if (!AtIdentifier())
        {
            Expect("identifier");
            Expect("WATERMARK FOR");
            Expect("PRIMARY KEY");
            Expect("CONSTRAINT");
            throw Unexpected();
        }

        Identifier name = ParseIdentifier();
        if (AcceptKeyword(Keyword.As))
        {
            SqlExpression expression = ParseExpression();
            TryParseComment(out StringLiteral? computedComment);
            columns.Add(new ComputedColumn(name, expression, computedComment, SpanFrom(start)));
            return;
        }

        SqlDataType type = ParseDataType();
        if (AcceptKeyword(Keyword.Metadata))
        {
            StringLiteral? key = AcceptKeyword(Keyword.From) ? ParseStringLiteral() : null;
            bool isVirtual = AcceptKeyword(Keyword.Virtual);
            TryParseComment(out StringLiteral? metadataComment);
            columns.Add(new MetadataColumn(name, type, key, isVirtual, metadataComment, SpanFrom(start)));
            return;
        }

        ColumnPrimaryKey? columnKey = null;
        if (AtKeyword(Keyword.Constraint) || AtKeyword(Keyword.Primary))
        {
            Token keyStart = Current;
            Identifier? constraintName = ParseConstraintName();
            ExpectKeyword(Keyword.Primary);
            ExpectKeyword(Keyword.Key);
            ParseNotEnforced();
            columnKey = new ColumnPrimaryKey(constraintName, SpanFrom(keyStart));
            addKey(columnKey);
        }
        else
        {
            Expect("PRIMARY KEY");
        }

        TryParseComment(out StringLiteral? comment);
        columns.Add(new PhysicalColumn(name, type, columnKey, comment, SpanFrom(start)));
    }

    private Identifier? ParseConstraintName() => AcceptKeyword(Keyword.Constraint) ? ParseIdentifier() : null;

    private void ParseNotEnforced()
    {
        if (AtKeyword(Keyword.Enforced))
        {
            throw NotSupported(Current,
                "ENFORCED primary keys; VecFlow, like Flink, does not own the data and only accepts NOT ENFORCED");
        }

        if (!AtKeyword(Keyword.Not))
        {
            Expect("NOT ENFORCED");
            throw Unexpected(" (a primary key must be declared NOT ENFORCED)");
        }

        Advance();
        ExpectKeyword(Keyword.Enforced);
    }

    private List<TableOption> ParseTableOptions()
    {
        Token open = ExpectToken(TokenKind.LeftParen);
        var options = new List<TableOption>();
        if (At(TokenKind.RightParen))
        {
            Advance();
            return options;
        }

        do
        {
            Token start = Current;
            StringLiteral key = ParseStringLiteral(" (option keys and values are quoted: 'connector' = 'kafka')");
            ExpectToken(TokenKind.Equals);
            StringLiteral value = ParseStringLiteral(" (option keys and values are quoted: 'connector' = 'kafka')");
            options.Add(new TableOption(key, value, SpanFrom(start)));
        }
        while (Accept(TokenKind.Comma));
        ExpectClose(open);
        return options;
    }

    private TableLikeClause ParseLikeClause()
    {
        Token start = ExpectKeyword(Keyword.Like);
        QualifiedName source = ParseQualifiedName();
        var options = new List<TableLikeOption>();
        if (At(TokenKind.LeftParen))
        {
            // Options are separated by white space: (EXCLUDING ALL INCLUDING GENERATED).
            Token open = Advance();
            while (true)
            {
                Token optionStart = Current;
                LikeMergeStrategy strategy;
                if (AcceptKeyword(Keyword.Including))
                {
                    strategy = LikeMergeStrategy.Including;
                }
                else if (AcceptKeyword(Keyword.Excluding))
                {
                    strategy = LikeMergeStrategy.Excluding;
                }
                else if (AcceptKeyword(Keyword.Overwriting))
                {
                    strategy = LikeMergeStrategy.Overwriting;
                }
                else
                {
                    break;
                }

                LikeFeature feature = ParseLikeFeature();
                options.Add(new TableLikeOption(strategy, feature, SpanFrom(optionStart)));
            }

            ExpectClose(open);
        }

        return new TableLikeClause(source, options, SpanFrom(start));
    }

    private LikeFeature ParseLikeFeature()
    {
        (Keyword Word, LikeFeature Feature)[] known =
        [
            (Keyword.All, LikeFeature.All),
            (Keyword.Constraints, LikeFeature.Constraints),
            (Keyword.Generated, LikeFeature.Generated),
            (Keyword.Metadata, LikeFeature.Metadata),
            (Keyword.Options, LikeFeature.Options),
            (Keyword.Partitions, LikeFeature.Partitions),
            (Keyword.Watermarks, LikeFeature.Watermarks),
        ];
        foreach ((Keyword word, LikeFeature feature) in known)
        {
            if (AcceptKeyword(word))
            {
                return feature;
            }
        }

        throw Unexpected();
    }
}
