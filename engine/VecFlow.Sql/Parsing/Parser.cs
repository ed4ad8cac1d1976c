using System.Runtime.CompilerServices;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Parsing;

/// <summary>
/// The recursive-descent parser: a token cursor plus the bookkeeping that makes error messages precise. The grammar
/// lives in the other parts of this partial class, one file per area (statements, queries, FROM, expressions, types).
/// </summary>
/// <remarks>
/// Expected sets are collected, not hand-written: every time the parser tries an alternative at a token and the
/// token does not match, the alternative's label is recorded for that token position. When the parser gives up at a
/// position, the labels recorded there are exactly what would have been accepted, in the order they were tried.
/// Pure lookahead (<see cref="At(TokenKind, int)"/>, <see cref="AtKeyword(Keyword, int)"/>) records nothing, so
/// internal decisions such as "is this an operator?" do not flood the list.
/// </remarks>
internal sealed partial class Parser
{
    private const int MaxShownExpected = 8;

    private readonly SqlSource _source;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly HashSet<int> _unmatchedClosers;
    private readonly int[] _afterParentheses;
    private readonly List<string> _expected = [];
    private int _pos;
    private int _expectedAt = -1;
    private int _implicitAliasAt = -1;

    public Parser(SqlSource source)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source);
        _unmatchedClosers = FindUnmatchedClosers(_tokens);
        _afterParentheses = new int[_tokens.Count];
        for (int i = _tokens.Count - 1; i >= 0; i--)
        {
            bool open = _tokens[i].Kind == TokenKind.LeftParen && i + 1 < _tokens.Count;
            _afterParentheses[i] = open ? _afterParentheses[i + 1] : i;
        }
    }

    /// <summary>How many tokens ahead the first token after a run of '(' starting <paramref name="ahead"/> tokens ahead is.</summary>
    private int SkipOpenParentheses(int ahead) =>
        _afterParentheses[Math.Min(_pos + ahead, _tokens.Count - 1)] - _pos;

    private Token Current => _tokens[_pos];

    private Token Previous => _tokens[Math.Max(0, _pos - 1)];

    private Token Peek(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Advance()
    {
        Token token = _tokens[_pos];
        if (token.Kind != TokenKind.EndOfInput)
        {
            _pos++;
        }

        return token;
    }

    // ---- lookahead: never records an expectation ----

    private bool At(TokenKind kind, int ahead = 0) => Peek(ahead).Kind == kind;

    private bool AtKeyword(Keyword keyword, int ahead = 0) => Peek(ahead).IsKeyword(keyword);

    private bool AtEndOfStatement => At(TokenKind.Semicolon) || At(TokenKind.EndOfInput);

    // ---- attempts: record what was tried when the token does not match ----

    private bool Accept(TokenKind kind)
    {
        if (At(kind))
        {
            Advance();
            return true;
        }

        Expect(Label(kind));
        return false;
    }

    private bool AcceptKeyword(Keyword keyword)
    {
        if (AtKeyword(keyword))
        {
            Advance();
            return true;
        }

        Expect(Keywords.Text(keyword));
        return false;
    }

    /// <summary>Accepts a two-word keyword such as GROUP BY: once the first word matches, the second is required.</summary>
    private bool AcceptKeywords(Keyword first, Keyword second)
    {
        if (!AtKeyword(first))
        {
            Expect(Keywords.Text(first) + " " + Keywords.Text(second));
            return false;
        }

        Advance();
        ExpectKeyword(second);
        return true;
    }

    private Token ExpectToken(TokenKind kind)
    {
        if (!At(kind))
        {
            Expect(Label(kind));
            throw Unexpected();
        }

        return Advance();
    }

    private Token ExpectKeyword(Keyword keyword)
    {
        if (!AtKeyword(keyword))
        {
            Expect(Keywords.Text(keyword));
            throw Unexpected();
        }

        return Advance();
    }

    /// <summary>Requires the ')' that closes <paramref name="open"/>; if the statement ends first, says which '(' is open.</summary>
    private void ExpectClose(Token open)
    {
        if (At(TokenKind.RightParen))
        {
            Advance();
            return;
        }

        Expect(Label(TokenKind.RightParen));
        string hint = $" to close the '(' at line {open.Span.Line}, column {open.Span.Column}";
        if (AtEndOfStatement)
        {
            throw Unexpected(hint, SqlParseErrorKind.UnbalancedParentheses);
        }

        // Running into a clause keyword usually means the ')' was forgotten; a name or literal, a missing comma.
        bool clauseKeyword = Current.Kind == TokenKind.Word && Keywords.IsReserved(Current.Keyword);
        throw clauseKeyword ? Unexpected(hint, SqlParseErrorKind.UnbalancedParentheses) : Unexpected();
    }

    /// <summary>Records that <paramref name="label"/> would have been accepted at the current token.</summary>
    private void Expect(string label)
    {
        if (_expectedAt != _pos)
        {
            _expected.Clear();
            _expectedAt = _pos;
        }

        if (!_expected.Contains(label))
        {
            _expected.Add(label);
        }
    }

    private static string Label(TokenKind kind) => kind switch
    {
        TokenKind.Word or TokenKind.QuotedIdentifier => "identifier",
        TokenKind.String => "string literal",
        TokenKind.Integer => "integer",
        TokenKind.EndOfInput => "end of input",
        TokenKind.Comma => "','",
        TokenKind.Semicolon => "';'",
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.LeftBracket => "'['",
        TokenKind.RightBracket => "']'",
        TokenKind.Dot => "'.'",
        TokenKind.Equals => "'='",
        TokenKind.Less => "'<'",
        TokenKind.Greater => "'>'",
        TokenKind.Arrow => "'=>'",
        TokenKind.Star => "'*'",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Runs <paramref name="parse"/>, or rewinds and returns null if it fails. Used only where '((' could open either
    /// a query or an expression / join, which no fixed lookahead can tell apart.
    /// </summary>
    private T? TryParse<T>(Func<T> parse)
        where T : class
    {
        int save = _pos;
        try
        {
            return parse();
        }
        catch (SqlParseException)
        {
            _pos = save;
            return null;
        }
    }

    // ---- errors ----

    /// <summary>An error at the current token listing what was expected there.</summary>
    private SqlParseException Unexpected(string? hint = null, SqlParseErrorKind? kind = null)
    {
        Token token = Current;
        IReadOnlyList<string> expected = _expectedAt == _pos ? [.. _expected] : [];
        SqlParseErrorKind errorKind = kind ?? ClassifyUnexpected(token, expected);
        string detail = $"unexpected {token.Describe()}";
        if (errorKind == SqlParseErrorKind.UnbalancedParentheses && token.Kind == TokenKind.RightParen)
        {
            detail += " that closes no '('";
        }
        else if (expected.Count > 0)
        {
            detail += ", expected " + FormatExpected(expected);
        }

        detail += hint ?? ReservedWordHint(token, expected) ?? SpellingHint(token, expected);
        return ParseErrors.At(_source, errorKind, token.Span, detail, token.Text, expected);
    }

    /// <summary>
    /// Suggests the keyword a misspelt word was meant to be: the offending word itself (WHERE x = 1 GROPU BY), or a
    /// word just read as an implicit alias (SELECT a FORM t reads FORM as an alias of a).
    /// </summary>
    private string? SpellingHint(Token token, IReadOnlyList<string> expected)
    {
        if (token.Kind == TokenKind.Word && ClosestKeyword(token.Text, expected) is { } meant)
        {
            return $" (did you mean {meant}?)";
        }

        Token previous = Previous;
        if (_implicitAliasAt == _pos - 1 && previous.Kind == TokenKind.Word
            && ClosestKeyword(previous.Text, expected) is { } aliasMeant)
        {
            return $" ('{previous.Text}' was read as an alias; did you mean {aliasMeant}?)";
        }

        return null;
    }

    private static string? ClosestKeyword(string word, IReadOnlyList<string> expected)
    {
        string upper = word.ToUpperInvariant();
        int allowed = upper.Length <= 4 ? 1 : 2;
        foreach (string label in expected)
        {
            string first = label.Split(' ')[0];
            if (first.Length >= 3 && first.All(c => char.IsAsciiLetterUpper(c) || c == '_') && first != upper
                && EditDistance(upper, first) <= allowed)
            {
                return label;
            }
        }

        return null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private SqlParseErrorKind ClassifyUnexpected(Token token, IReadOnlyList<string> expected)
    {
        if (token.Kind == TokenKind.EndOfInput)
        {
            return SqlParseErrorKind.UnexpectedEndOfInput;
        }

        if (token.Kind == TokenKind.RightParen && _unmatchedClosers.Contains(_pos))
        {
            return SqlParseErrorKind.UnbalancedParentheses;
        }

        return expected.Contains(Label(TokenKind.Semicolon)) ? SqlParseErrorKind.TrailingInput : SqlParseErrorKind.UnexpectedToken;
    }

    private static string? ReservedWordHint(Token token, IReadOnlyList<string> expected) =>
        token.Kind == TokenKind.Word && Keywords.IsReserved(token.Keyword) && expected.Contains("identifier")
            ? $" ('{token.Text}' is a reserved word; write `{token.Text}` to use it as a name)"
            : null;

    /// <summary>Lists expected items, at most a handful, keeping the statement terminators visible at the end.</summary>
    private static string FormatExpected(IReadOnlyList<string> expected)
    {
        if (expected.Count == 1)
        {
            return expected[0];
        }

        if (expected.Count == 2)
        {
            return $"{expected[0]} or {expected[1]}";
        }

        if (expected.Count <= MaxShownExpected)
        {
            return "one of " + string.Join(", ", expected);
        }

        string[] tail = [.. expected.Where(e => e is "';'" or "end of input")];
        var shown = expected.Where(e => !tail.Contains(e)).Take(MaxShownExpected - tail.Length - 1).ToList();
        shown.Add("...");
        shown.AddRange(tail);
        return "one of " + string.Join(", ", shown);
    }

    private SqlParseException Error(SqlParseErrorKind kind, SourceSpan span, string detail, string offending) =>
        ParseErrors.At(_source, kind, span, detail, offending);

    private SqlParseException NotSupported(Token at, string what) =>
        ParseErrors.At(_source, SqlParseErrorKind.NotSupported, at.Span, $"not supported: {what}", at.Text);

    /// <summary>Keeps deeply nested input from overflowing the stack, which could not be caught.</summary>
    private void GuardDepth()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error(SqlParseErrorKind.InvalidSyntax, Current.Span, "the statement is nested too deeply to parse", Current.Text);
        }
    }

    // ---- spans ----

    /// <summary>The span from <paramref name="start"/> to the last consumed token.</summary>
    private SourceSpan SpanFrom(Token start) => SourceSpan.Cover(start.Span, Previous.Span);

    private SourceSpan SpanFrom(SourceSpan start) => SourceSpan.Cover(start, Previous.Span);

    private static HashSet<int> FindUnmatchedClosers(IReadOnlyList<Token> tokens)
    {
        var unmatched = new HashSet<int>();
        int depth = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.LeftParen)
            {
                depth++;
            }
            else if (tokens[i].Kind == TokenKind.RightParen)
            {
                if (depth == 0)
                {
                    unmatched.Add(i);
                }
                else
                {
                    depth--;
                }
            }
        }

        return unmatched;
    }
}
