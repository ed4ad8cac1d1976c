using System.Globalization;
using System.Text;

namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>
/// Writes a table as RFC 4180 CSV without a header: NULL is an empty unquoted field, an empty string is "",
/// dates are yyyy-MM-dd, timestamps yyyy-MM-dd HH:mm:ss.SSS and decimals plain text with their full scale.
/// </summary>
public static class CsvTableWriter
{
    public static void Write(CorpusTable table, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        var line = new StringBuilder();
        foreach (object?[] row in table.Rows)
        {
            line.Clear();
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                line.Append(Field(table.Columns[c].Type, row[c]));
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>One field's text as it appears in the file.</summary>
    public static string Field(CorpusType type, object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString("F" + type.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        string s => Quote(s),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"cannot write a {value.GetType().Name} to a {type.FlinkName} CSV column", nameof(value)),
    };

    private static string Quote(string text)
    {
        bool needsQuotes = text.Length == 0
            || text.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || char.IsWhiteSpace(text[0])
            || char.IsWhiteSpace(text[^1]);
        return needsQuotes ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
