using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// Reads corpus files. A file is a sequence of queries, each starting with a line <c>-- query: name</c>, followed by
/// optional directive lines and then the Flink SQL up to the next <c>-- query:</c> line (a trailing ';' is dropped):
/// <code>
/// -- duckdb: SELECT ...      the query for DuckDB when the dialects differ (several lines are joined)
/// -- ordered                 compare rows in order (the query has ORDER BY)
/// -- tolerance: 1e-6         relative tolerance for doubles (default 1e-9)
/// -- setting: key=value      a VecFlow SET option for this query (repeatable)
/// -- expect-error: text     VecFlow must refuse the query with a one-line error containing the text (a feature it does not support)
/// </code>
/// Other comment lines are free text; a comment that looks like a directive (<c>-- word</c> or <c>-- word: ...</c>)
/// but names no directive is an error, so a misspelt directive is never silently ignored.
/// </summary>
public static partial class CorpusReader
{
    public const string QueryMarker = "-- query:";

    /// <summary>The directive names a corpus file may use.</summary>
    public static readonly IReadOnlyList<string> Directives = ["duckdb", "ordered", "tolerance", "setting", "expect-error"];

    /// <summary>Reads every *.sql file of <paramref name="directory"/>, in file name order.</summary>
    public static IReadOnlyList<CorpusQuery> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CorpusFormatException($"corpus directory '{directory}' does not exist");
        }

        var queries = new List<CorpusQuery>();
        foreach (string path in Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal))
        {
            queries.AddRange(Parse(File.ReadAllText(path), Path.GetFileName(path)));
        }

        return queries;
    }

    /// <summary>Parses the text of one corpus file; <paramref name="file"/> names it in positions and errors.</summary>
    public static IReadOnlyList<CorpusQuery> Parse(string text, string file)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var queries = new List<CorpusQuery>();
        int index = 0;

        // Before the first query only comments and blank lines may stand (a file header).
        for (; index < lines.Length && !IsQueryLine(lines[index]); index++)
        {
            string line = lines[index].Trim();
            if (line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CorpusFormatException($"{file}:{index + 1}: SQL before the first '{QueryMarker} <name>' line; start each query with '{QueryMarker} <name>'");
            }
        }

        while (index < lines.Length)
        {
            queries.Add(ParseQuery(lines, ref index, file));
        }

        return queries;
    }

    private static bool IsQueryLine(string line) => line.TrimStart().StartsWith(QueryMarker, StringComparison.Ordinal);

    private static CorpusQuery ParseQuery(string[] lines, ref int index, string file)
    {
        int queryLine = index + 1;
        string name = lines[index].Trim()[QueryMarker.Length..].Trim();
        if (!NamePattern().IsMatch(name))
        {
            throw new CorpusFormatException($"{file}:{queryLine}: query name '{name}' is not valid; use lower-case letters, digits and '_' (starting with a letter)");
        }

        index++;
        var duckDb = new List<string>();
        bool ordered = false;
        double? tolerance = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        string? expectedError = null;

        // Directive block: comment lines right after the query line.
        for (; index < lines.Length && !IsQueryLine(lines[index]); index++)
        {
            string line = lines[index].Trim();
            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            Match directive = DirectivePattern().Match(line);
            if (!directive.Success)
            {
                continue;
            }

            string word = directive.Groups["word"].Value;
            string argument = directive.Groups["argument"].Value.Trim();
            bool hasColon = directive.Groups["colon"].Success;
            string where = $"{file}:{index + 1}";
            switch (word)
            {
                case "duckdb" when hasColon && argument.Length > 0:
                    duckDb.Add(argument);
                    break;
                case "ordered" when !hasColon:
                    ordered = true;
                    break;
                case "tolerance" when hasColon:
                    if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0))
                    {
                        throw new CorpusFormatException($"{where}: tolerance '{argument}' is not a non-negative number (e.g. '-- tolerance: 1e-6')");
                    }

                    tolerance = value;
                    break;
                case "setting" when hasColon:
                    int equals = argument.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new CorpusFormatException($"{where}: setting '{argument}' is not 'key=value' (e.g. '-- setting: table.exec.resource.memory-per-operator=64kb')");
                    }

                    settings[argument[..equals].Trim()] = argument[(equals + 1)..].Trim();
                    break;
                case "expect-error" when hasColon && argument.Length > 0:
                    expectedError = argument;
                    break;
                case "duckdb" or "ordered" or "tolerance" or "setting" or "expect-error":
                    throw new CorpusFormatException($"{where}: malformed directive '{line}'; use '-- duckdb: <sql>', '-- ordered', '-- tolerance: <number>' or '-- setting: key=value'");
                default:
                    throw new CorpusFormatException($"{where}: unknown directive '{word}'; valid directives: {string.Join(", ", Directives)}");
            }
        }

        var sql = new StringBuilder();
        for (; index < lines.Length && !IsQueryLine(lines[index]); index++)
        {
            // A directive below the SQL would silently be part of the query text; it belongs above it.
            Match misplaced = DirectivePattern().Match(lines[index].Trim());
            if (misplaced.Success && Directives.Contains(misplaced.Groups["word"].Value))
            {
                throw new CorpusFormatException($"{file}:{index + 1}: directive '{lines[index].Trim()}' after the SQL of query '{name}'; put directives right below '{QueryMarker} {name}'");
            }

            sql.Append(lines[index]).Append('\n');
        }

        string body = StripTerminator(sql.ToString());
        if (body.Length == 0 || body.Split('\n').All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith("--", StringComparison.Ordinal)))
        {
            throw new CorpusFormatException($"{file}:{queryLine}: query '{name}' has no SQL; write the Flink query after its directives");
        }

        string? duckDbSql = duckDb.Count == 0 ? null : StripTerminator(string.Join("\n", duckDb));
        return new CorpusQuery(name, file, queryLine, body, duckDbSql, ordered, tolerance, settings) { ExpectedError = expectedError };
    }

    private static string StripTerminator(string sql)
    {
        string trimmed = sql.Trim();
        return trimmed.EndsWith(';') ? trimmed[..^1].TrimEnd() : trimmed;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    /// <summary>'-- word' alone, or '-- word: argument': the shapes of a directive.</summary>
    [GeneratedRegex(@"^--\s*(?<word>[A-Za-z_-]+)\s*((?<colon>:)(?<argument>.*))?$")]
    private static partial Regex DirectivePattern();
}
