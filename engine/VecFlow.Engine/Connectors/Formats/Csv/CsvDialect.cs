using System.Text;

namespace VecFlow.Engine.Connectors.Formats.Csv;

/// <summary>The 'csv.*' options: how fields are separated, quoted and NULL is written.</summary>
/// <remarks>
/// NULL: an empty unquoted field is NULL for every non-string column. For string columns, when 'csv.null-literal' is
/// set only an unquoted field equal to it is NULL (an empty field is the empty string); when it is not set, an empty
/// unquoted field is NULL and a quoted empty field <c>""</c> is the empty string. The writer follows the same rule
/// (NULL as the literal or an empty field, the empty string as <c>""</c>), so every value round-trips. With
/// 'csv.disable-quote-character' nothing is quoted and an empty string cannot be told from NULL.
/// </remarks>
public sealed record CsvDialect(
    byte Delimiter = (byte)',',
    byte Quote = (byte)'"',
    bool QuotingEnabled = true,
    bool AllowComments = false,
    bool IgnoreParseErrors = false,
    string? NullLiteral = null)
{
    public const string FieldDelimiterKey = "csv.field-delimiter";
    public const string QuoteCharacterKey = "csv.quote-character";
    public const string DisableQuoteCharacterKey = "csv.disable-quote-character";
    public const string AllowCommentsKey = "csv.allow-comments";
    public const string IgnoreParseErrorsKey = "csv.ignore-parse-errors";
    public const string NullLiteralKey = "csv.null-literal";

    /// <summary>The option keys the csv format understands.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        [FieldDelimiterKey, QuoteCharacterKey, DisableQuoteCharacterKey, AllowCommentsKey, IgnoreParseErrorsKey, NullLiteralKey];

    /// <summary>The null literal as UTF-8, or empty when none is set.</summary>
    public byte[] NullLiteralUtf8 { get; } = NullLiteral is null ? [] : Encoding.UTF8.GetBytes(NullLiteral);

    public static CsvDialect From(ConnectorOptions options)
    {
        byte delimiter = SingleAscii(options, FieldDelimiterKey, ",");
        byte quote = SingleAscii(options, QuoteCharacterKey, "\"");
        bool disableQuote = options.GetBool(DisableQuoteCharacterKey, false);
        if (disableQuote && options.Contains(QuoteCharacterKey))
        {
            throw new ConnectorException(
                $"Table '{options.Table}' sets both '{DisableQuoteCharacterKey}' and '{QuoteCharacterKey}'; set only one of them.");
        }

        if (delimiter == quote && !disableQuote)
        {
            throw new ConnectorException($"Option '{FieldDelimiterKey}' of table '{options.Table}' must differ from the quote character '{(char)quote}'.");
        }

        return new CsvDialect(delimiter, quote, !disableQuote, options.GetBool(AllowCommentsKey, false), options.GetBool(IgnoreParseErrorsKey, false), options.Get(NullLiteralKey));
    }

    private static byte SingleAscii(ConnectorOptions options, string key, string fallback)
    {
        string text = options.Get(key, fallback);
        string unescaped = text == "\\t" ? "\t" : text;
        if (unescaped.Length != 1 || unescaped[0] > 127 || unescaped[0] is '\r' or '\n')
        {
            throw new ConnectorException(
                $"Option '{key}' of table '{options.Table}' must be a single ASCII character other than a line break (e.g. ',', ';', '|', '\\t'), not '{text}'.");
        }

        return (byte)unescaped[0];
    }
}
