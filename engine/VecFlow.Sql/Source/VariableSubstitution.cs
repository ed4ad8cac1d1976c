using System.Text;
using VecFlow.Sql.Errors;

namespace VecFlow.Sql.Source;

/// <summary>
/// Replaces <c>${NAME}</c> references with variable values before lexing, the way the Flink Nexmark harness prepares
/// its scripts, and records where each value came from so positions still refer to the original text.
/// </summary>
/// <remarks>
/// References are replaced in code, string literals and quoted identifiers (connector options such as
/// <c>'events.num' = '${EVENTS_NUM}'</c> are the main use) but not inside comments, so a commented-out line never fails
/// on an undefined variable. Names are case-sensitive and consist of letters, digits, '_', '.' and '-'. Text like
/// <c>${</c> that does not form a reference is left alone. Values are inserted verbatim and are not themselves expanded.
/// </remarks>
public static class VariableSubstitution
{
    /// <summary>Substitutes every reference; throws <see cref="SqlParseException"/> naming an undefined variable.</summary>
    public static SqlSource Apply(string sql, IReadOnlyDictionary<string, string>? variables)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (!sql.Contains("${", StringComparison.Ordinal))
        {
            return SqlSource.FromText(sql);
        }

        var output = new StringBuilder(sql.Length);
        var segments = new List<SubstitutionSegment>();
        int literalStart = 0;
        int i = 0;
        char quote = '\0';
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == '$' && At(sql, i + 1, '{') && TryReadName(sql, i, out string name, out int end))
            {
                string value = Lookup(sql, variables, name, i, end);
                AddLiteral(sql, output, segments, literalStart, i);
                segments.Add(new SubstitutionSegment(output.Length, i, value.Length, end - i, true));
                output.Append(value);
                i = end;
                literalStart = end;
            }
            else if (quote != '\0')
            {
                // A doubled quote is an escaped quote and keeps the literal open; the lexer agrees.
                if (c == quote)
                {
                    quote = At(sql, i + 1, quote) ? quote : '\0';
                    i += quote == '\0' ? 1 : 2;
                }
                else
                {
                    i++;
                }
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                i = SkipLineComment(sql, i);
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                int close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
            }
            else
            {
                quote = c is '\'' or '`' ? c : '\0';
                i++;
            }
        }

        AddLiteral(sql, output, segments, literalStart, sql.Length);
        return new SqlSource(sql, output.ToString(), segments);
    }

    private static string Lookup(
        string sql, IReadOnlyDictionary<string, string>? variables, string name, int start, int end)
    {
        if (variables is not null && variables.TryGetValue(name, out string? value))
        {
            return value;
        }

        string defined = variables is null || variables.Count == 0
            ? "no variables are defined"
            : "defined variables: " + string.Join(", ", variables.Keys.Order(StringComparer.Ordinal));
        SqlSource original = SqlSource.FromText(sql);
        SourceSpan span = original.SpanOf(start, end);
        throw ParseErrors.At(
            original, SqlParseErrorKind.UndefinedVariable, span, $"undefined variable ${{{name}}}; {defined}",
            sql[start..end]);
    }

    private static void AddLiteral(
        string sql, StringBuilder output, List<SubstitutionSegment> segments, int start, int end)
    {
        if (end > start)
        {
            segments.Add(new SubstitutionSegment(output.Length, start, end - start, end - start, false));
            output.Append(sql, start, end - start);
        }
    }

    private static bool TryReadName(string sql, int dollar, out string name, out int end)
    {
        int i = dollar + 2;
        while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '.' or '-'))
        {
            i++;
        }

        bool wellFormed = i > dollar + 2 && At(sql, i, '}') && !char.IsAsciiDigit(sql[dollar + 2]);
        name = wellFormed ? sql[(dollar + 2)..i] : string.Empty;
        end = i + 1;
        return wellFormed;
    }

    private static int SkipLineComment(string sql, int i)
    {
        while (i < sql.Length && sql[i] != '\n' && sql[i] != '\r')
        {
            i++;
        }

        return i;
    }

    private static bool At(string sql, int i, char c) => i < sql.Length && sql[i] == c;
}
