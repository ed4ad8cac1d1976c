using System.Globalization;
using System.Text;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Lexing;

/// <summary>Turns (substituted) SQL text into tokens with positions in the original text.</summary>
/// <remarks>
/// Comments and whitespace are dropped. Errors (unterminated strings and comments, malformed numbers, characters
/// SQL does not use) are thrown as <see cref="SqlParseException"/> at the offending text.
/// </remarks>
public sealed class Lexer
{
    private readonly SqlSource _source;
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _pos;

    private Lexer(SqlSource source)
    {
        _source = source;
        _text = source.Text;
    }

    /// <summary>All tokens of the source, ending with one <see cref="TokenKind.EndOfInput"/> token.</summary>
    public static IReadOnlyList<Token> Tokenize(SqlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lexer = new Lexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            SkipWhitespaceAndComments();
            if (_pos >= _text.Length)
            {
                _tokens.Add(new Token(TokenKind.EndOfInput, Keyword.None, string.Empty, string.Empty, Span(_pos, _pos)));
                return;
            }

            _tokens.Add(Next());
        }
    }

    private Token Next()
    {
        int start = _pos;
        char c = _text[_pos];
        if ((c is 'U' or 'u') && Peek(1) == '&' && Peek(2) == '\'')
        {
            return UnicodeString();
        }

        if ((c is 'X' or 'x') && Peek(1) == '\'')
        {
            return BinaryString();
        }

        if (char.IsLetter(c) || c == '_')
        {
            return Word();
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number();
        }

        switch (c)
        {
            case '\'':
                return StringLiteral();
            case '`':
                return QuotedIdentifier();
            case ',': return Punct(TokenKind.Comma, 1);
            case ';': return Punct(TokenKind.Semicolon, 1);
            case '(': return Punct(TokenKind.LeftParen, 1);
            case ')': return Punct(TokenKind.RightParen, 1);
            case '[': return Punct(TokenKind.LeftBracket, 1);
            case ']': return Punct(TokenKind.RightBracket, 1);
            case '.': return Punct(TokenKind.Dot, 1);
            case '+': return Punct(TokenKind.Plus, 1);
            case '-': return Punct(TokenKind.Minus, 1);
            case '*': return Punct(TokenKind.Star, 1);
            case '/': return Punct(TokenKind.Slash, 1);
            case '%': return Punct(TokenKind.Percent, 1);
            case '=':
                return Peek(1) == '>' ? Punct(TokenKind.Arrow, 2) : Punct(TokenKind.Equals, 1);
            case '<':
                return Peek(1) switch
                {
                    '=' => Punct(TokenKind.LessOrEqual, 2),
                    '>' => Punct(TokenKind.NotEquals, 2),
                    _ => Punct(TokenKind.Less, 1),
                };
            case '>':
                return Peek(1) == '=' ? Punct(TokenKind.GreaterOrEqual, 2) : Punct(TokenKind.Greater, 1);
            case '!' when Peek(1) == '=':
                return Punct(TokenKind.NotEquals, 2);
            case '|' when Peek(1) == '|':
                return Punct(TokenKind.Concat, 2);
            default:
                throw UnknownCharacter(start, c);
        }
    }

    private SqlParseException UnknownCharacter(int start, char c)
    {
        string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
        string hint = c switch
        {
            '"' => ": string literals use single quotes ('...') and quoted identifiers use back-quotes (`...`)",
            '?' => ": query parameters are not supported; write the value or use a ${NAME} variable",
            '$' => ": variables are written ${NAME}",
            '|' => ": the concatenation operator is '||'",
            '!' => ": 'not equal' is written <> or !=",
            _ => string.Empty,
        };
        return Error(SqlParseErrorKind.UnknownCharacter, start, start + 1, $"unexpected character '{shown}'{hint}");
    }

    private Token Word()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
        {
            _pos++;
        }

        string text = _text[start.._pos];
        return new Token(TokenKind.Word, Keywords.Lookup(text), text, text, Span(start, _pos));
    }

    private Token QuotedIdentifier()
    {
        int start = _pos;
        string? value = ReadQuoted('`');
        if (value is null)
        {
            throw Error(
                SqlParseErrorKind.UnterminatedQuotedIdentifier, start, start + 1,
                "unterminated quoted identifier: the '`' here has no closing '`'");
        }

        if (value.Length == 0)
        {
            throw Error(SqlParseErrorKind.InvalidSyntax, start, _pos, "empty quoted identifier ``");
        }

        return new Token(TokenKind.QuotedIdentifier, Keyword.None, _text[start.._pos], value, Span(start, _pos));
    }

    private Token StringLiteral()
    {
        int start = _pos;
        string value = ReadQuoted('\'') ?? throw UnterminatedString(start);
        return new Token(TokenKind.String, Keyword.None, _text[start.._pos], value, Span(start, _pos));
    }

    private SqlParseException UnterminatedString(int start) =>
        Error(SqlParseErrorKind.UnterminatedString, start, start + 1,
            "unterminated string literal: the quote here has no closing quote (write '' for a quote inside a string)");

    /// <summary>Reads a literal delimited by <paramref name="quote"/> where a doubled quote stands for itself.</summary>
    /// <returns>The content, or null when the input ends first.</returns>
    private string? ReadQuoted(char quote)
    {
        var value = new StringBuilder();
        _pos++;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == quote)
            {
                if (Peek(1) == quote)
                {
                    value.Append(quote);
                    _pos += 2;
                    continue;
                }

                _pos++;
                return value.ToString();
            }

            value.Append(c);
            _pos++;
        }

        return null;
    }

    private Token UnicodeString()
    {
        int start = _pos;
        _pos += 2;
        int quoteStart = _pos;
        string raw = ReadQuoted('\'') ?? throw UnterminatedString(quoteStart);
        int contentStart = quoteStart + 1;
        int literalEnd = _pos;

        // Optional UESCAPE 'c' chooses another escape character than the backslash.
        char escape = '\\';
        int save = _pos;
        SkipWhitespaceAndComments();
        if (_pos + 7 <= _text.Length && string.Compare(_text, _pos, "UESCAPE", 0, 7, StringComparison.OrdinalIgnoreCase) == 0
            && (_pos + 7 == _text.Length || !char.IsLetterOrDigit(_text[_pos + 7])))
        {
            _pos += 7;
            SkipWhitespaceAndComments();
            int escapeStart = _pos;
            string? escapeText = Peek(0) == '\'' ? ReadQuoted('\'') : null;
            if (escapeText is null || escapeText.Length != 1 || char.IsAsciiHexDigit(escapeText[0])
                || escapeText[0] is '+' or '\'' or '"' || char.IsWhiteSpace(escapeText[0]))
            {
                throw Error(SqlParseErrorKind.InvalidEscape, escapeStart, Math.Max(_pos, escapeStart + 1),
                    "UESCAPE takes one character in quotes that is not a hex digit, '+', a quote or white space");
            }

            escape = escapeText[0];
            literalEnd = _pos;
        }
        else
        {
            _pos = save;
        }

        string value = DecodeUnicodeEscapes(raw, escape, contentStart);
        return new Token(TokenKind.String, Keyword.None, _text[start..literalEnd], value, Span(start, literalEnd));
    }

    private string DecodeUnicodeEscapes(string raw, char escape, int contentStart)
    {
        var value = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != escape)
            {
                value.Append(raw[i]);
                continue;
            }

            if (i + 1 < raw.Length && raw[i + 1] == escape)
            {
                value.Append(escape);
                i++;
                continue;
            }

            bool six = i + 1 < raw.Length && raw[i + 1] == '+';
            int digits = six ? 6 : 4;
            int first = six ? i + 2 : i + 1;
            bool valid = first + digits <= raw.Length;
            for (int d = 0; valid && d < digits; d++)
            {
                valid = char.IsAsciiHexDigit(raw[first + d]);
            }

            int code = valid ? int.Parse(raw.AsSpan(first, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture) : -1;
            if (!valid || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                // Offsets inside the literal are approximate when it contains doubled quotes; the start is exact.
                int at = contentStart + i;
                throw Error(SqlParseErrorKind.InvalidEscape, at, Math.Min(at + 1 + (six ? 7 : 4), _text.Length),
                    $"invalid Unicode escape in U&'...': write {escape}XXXX (4 hex digits), {escape}+XXXXXX (6 hex digits) or {escape}{escape}");
            }

            value.Append(char.ConvertFromUtf32(code));
            i = first + digits - 1;
        }

        return value.ToString();
    }

    private Token BinaryString()
    {
        int start = _pos;
        _pos++;
        int quoteStart = _pos;
        string hex = ReadQuoted('\'') ?? throw UnterminatedString(quoteStart);
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw Error(SqlParseErrorKind.InvalidNumber, start, _pos,
                $"invalid binary string {ParseErrors.Quote(_text[start.._pos])}: X'...' takes an even number of hex digits");
        }

        return new Token(TokenKind.BinaryString, Keyword.None, _text[start.._pos], hex.ToUpperInvariant(), Span(start, _pos));
    }

    private Token Number()
    {
        int start = _pos;
        TokenKind kind = TokenKind.Integer;
        SkipDigits();
        if (Peek(0) == '.')
        {
            kind = TokenKind.Decimal;
            _pos++;
            SkipDigits();
        }

        if (Peek(0) is 'e' or 'E')
        {
            kind = TokenKind.Approximate;
            _pos++;
            if (Peek(0) is '+' or '-')
            {
                _pos++;
            }

            if (!char.IsAsciiDigit(Peek(0)))
            {
                SkipWordCharacters();
                throw Error(SqlParseErrorKind.InvalidNumber, start, _pos,
                    $"invalid number {ParseErrors.Quote(_text[start.._pos])}: the exponent has no digits");
            }

            SkipDigits();
        }

        // "12abc" or "1.2.3" is a typo, not a number followed by an alias.
        if (char.IsLetterOrDigit(Peek(0)) || Peek(0) == '_' || (Peek(0) == '.' && char.IsAsciiDigit(Peek(1))))
        {
            SkipWordCharacters();
            throw Error(SqlParseErrorKind.InvalidNumber, start, _pos,
                $"invalid number {ParseErrors.Quote(_text[start.._pos])}");
        }

        string text = _text[start.._pos];
        return new Token(kind, Keyword.None, text, text, Span(start, _pos));
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek(0)))
        {
            _pos++;
        }
    }

    private void SkipWordCharacters()
    {
        while (char.IsLetterOrDigit(Peek(0)) || Peek(0) is '_' or '.')
        {
            _pos++;
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                while (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r')
                {
                    _pos++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                // Block comments do not nest (as in Flink). Optimizer hints (/*+ ... */) are read as comments.
                int close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(SqlParseErrorKind.UnterminatedComment, _pos, _pos + 2,
                        "unterminated comment: the '/*' here has no closing '*/'");
                }

                _pos = close + 2;
            }
            else
            {
                return;
            }
        }
    }

    private Token Punct(TokenKind kind, int length)
    {
        int start = _pos;
        _pos += length;
        string text = _text[start.._pos];
        return new Token(kind, Keyword.None, text, text, Span(start, _pos));
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private SourceSpan Span(int start, int end) => _source.SpanOf(start, end);

    private SqlParseException Error(SqlParseErrorKind kind, int start, int end, string detail) =>
        ParseErrors.At(_source, kind, Span(start, end), detail, _text[start..Math.Min(end, _text.Length)]);
}
