using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Parsing;

/// <summary>
/// Entry points of the SQL front end: Flink SQL text (with optional <c>${NAME}</c> variables) to an AST.
/// </summary>
/// <remarks>
/// Every entry point throws only <see cref="SqlParseException"/> for bad input (and
/// <see cref="ArgumentNullException"/> for a null argument). Positions in nodes and errors refer to the text as
/// written, before variable substitution.
/// </remarks>
public static class SqlParser
{
    /// <summary>Parses a script: statements separated by ';'.</summary>
    /// <param name="sql">The script text.</param>
    /// <param name="variables">Values for <c>${NAME}</c> references; a reference to an undefined name is an error.</param>
    public static SqlScript ParseScript(string sql, IReadOnlyDictionary<string, string>? variables = null)
    {
        SqlSource source = Prepare(sql, variables);
        return new SqlScript(source, Run(source, parser => parser.ParseScript()));
    }

    /// <summary>Parses a script whose variables are already substituted (see <see cref="VariableSubstitution"/>).</summary>
    public static SqlScript ParseScript(SqlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SqlScript(source, Run(source, parser => parser.ParseScript()));
    }

    /// <summary>Parses exactly one statement, with or without a trailing ';'.</summary>
    public static SqlStatement ParseStatement(string sql, IReadOnlyDictionary<string, string>? variables = null) =>
        Run(Prepare(sql, variables), parser => parser.ParseSingleStatement());

    /// <summary>Parses one query (SELECT, set operation, VALUES, with WITH / ORDER BY / LIMIT).</summary>
    public static QueryExpression ParseQuery(string sql, IReadOnlyDictionary<string, string>? variables = null) =>
        Run(Prepare(sql, variables), parser => parser.ParseWhole(parser.ParseQuery));

    /// <summary>Parses one scalar expression.</summary>
    public static SqlExpression ParseExpression(string sql, IReadOnlyDictionary<string, string>? variables = null) =>
        Run(Prepare(sql, variables), parser => parser.ParseWhole(parser.ParseExpression));

    /// <summary>Parses one data type, such as <c>ROW&lt;a INT, b ARRAY&lt;STRING&gt;&gt; NOT NULL</c>.</summary>
    public static SqlDataType ParseDataType(string sql) =>
        Run(Prepare(sql, null), parser => parser.ParseWhole(parser.ParseDataType));

    /// <summary>Tokenizes text (after substitution); for tools such as syntax highlighting.</summary>
    public static IReadOnlyList<Token> Tokenize(string sql, IReadOnlyDictionary<string, string>? variables = null)
    {
        SqlSource source = Prepare(sql, variables);
        return Guard(source, () => Lexer.Tokenize(source));
    }

    private static SqlSource Prepare(string sql, IReadOnlyDictionary<string, string>? variables)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return VariableSubstitution.Apply(sql, variables);
    }

    private static T Run<T>(SqlSource source, Func<Parser, T> parse) => Guard(source, () => parse(new Parser(source)));

    private static T Guard<T>(SqlSource source, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (SqlParseException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A parser bug must still reach the user as a parse error with a position, not as a crash.
            var span = new SourceSpan(0, 0, 1, 1);
            throw new SqlParseException(
                SqlParseErrorKind.InvalidSyntax, $"internal parser error ({ex.GetType().Name}: {ex.Message})", span,
                string.Empty, [], source.LineText(1), ex);
        }
    }
}
