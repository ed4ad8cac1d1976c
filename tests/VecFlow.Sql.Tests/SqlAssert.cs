using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

/// <summary>Parse helpers that also check the printer round trip and the span invariants on every tree they return.</summary>
internal static class SqlAssert
{
    public static SqlStatement Statement(string sql, IReadOnlyDictionary<string, string>? variables = null)
    {
        SqlStatement statement = SqlParser.ParseStatement(sql, variables);
        RoundTrips(statement);
        SpansAreNested(statement, sql.Length);
        return statement;
    }

    public static T Statement<T>(string sql)
        where T : SqlStatement => Assert.IsType<T>(Statement(sql));

    public static QueryExpression Query(string sql)
    {
        QueryExpression query = SqlParser.ParseQuery(sql);
        AssertRoundTrip(query, text => SqlParser.ParseQuery(text));
        SpansAreNested(query, sql.Length);
        return query;
    }

    public static T Query<T>(string sql)
        where T : QueryExpression => Assert.IsType<T>(Query(sql));

    public static SqlExpression Expression(string sql)
    {
        SqlExpression expression = SqlParser.ParseExpression(sql);
        AssertRoundTrip(expression, text => SqlParser.ParseExpression(text));
        SpansAreNested(expression, sql.Length);
        return expression;
    }

    public static T Expression<T>(string sql)
        where T : SqlExpression => Assert.IsType<T>(Expression(sql));

    public static SqlDataType DataType(string sql)
    {
        SqlDataType type = SqlParser.ParseDataType(sql);
        AssertRoundTrip(type, text => SqlParser.ParseDataType(text));
        return type;
    }

    /// <summary>The canonical text of an expression, for precedence tests.</summary>
    public static string Canonical(string expression) => SqlPrinter.Print(Expression(expression));

    public static void RoundTrips(SqlStatement statement) =>
        AssertRoundTrip(statement, text => SqlParser.ParseStatement(text));

    private static void AssertRoundTrip<T>(T node, Func<string, T> parse)
        where T : SqlNode
    {
        string printed = SqlPrinter.Print(node);
        T reparsed;
        try
        {
            reparsed = parse(printed);
        }
        catch (SqlParseException ex)
        {
            Assert.Fail($"printed SQL does not parse: {ex.Message}\n{printed}");
            throw;
        }

        if (!SqlNodeComparer.Instance.Equals(node, reparsed))
        {
            Assert.Fail($"round trip changed the tree:\n{printed}\n{SqlPrinter.Print(reparsed)}");
        }

        Assert.Equal(SqlNodeComparer.Instance.GetHashCode(node), SqlNodeComparer.Instance.GetHashCode(reparsed));
        Assert.Equal(printed, SqlPrinter.Print(reparsed));
    }

    /// <summary>Every node has a non-empty span inside the text and inside its parent's span.</summary>
    public static void SpansAreNested(SqlNode root, int textLength)
    {
        Check(root, 0, textLength);

        static void Check(SqlNode node, int start, int end)
        {
            Assert.True(node.Span.Line >= 1 && node.Span.Column >= 1, $"{node.GetType().Name} has no position");
            Assert.True(node.Span.Start >= start && node.Span.End <= end && node.Span.End > node.Span.Start,
                $"{node.GetType().Name} span {node.Span.Start}..{node.Span.End} is outside {start}..{end}");
            foreach (SqlNode child in node.Children())
            {
                Check(child, node.Span.Start, node.Span.End);
            }
        }
    }

    public static SqlParseException Error(string sql, IReadOnlyDictionary<string, string>? variables = null) =>
        Assert.Throws<SqlParseException>(() => SqlParser.ParseScript(sql, variables));

    public static SqlParseException Error(
        string sql, int line, int column, SqlParseErrorKind kind, IReadOnlyDictionary<string, string>? variables = null)
    {
        SqlParseException error = Error(sql, variables);
        Assert.True(
            (line, column, kind) == (error.Line, error.Column, error.Kind),
            $"expected {kind} at {line}:{column}, got {error.Kind} at {error.Line}:{error.Column}: {error.Message}");
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
        return error;
    }
}
