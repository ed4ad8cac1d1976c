using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Tests;

public class LexerTests
{
    private static List<Token> Lex(string sql) => [.. SqlParser.Tokenize(sql).SkipLast(1)];

    [Fact]
    public void Keywords_are_case_insensitive_and_identifiers_keep_their_case()
    {
        List<Token> tokens = Lex("select Price FrOm `My Table`");
        Assert.Equal(Keyword.Select, tokens[0].Keyword);
        Assert.Equal(("Price", Keyword.None), (tokens[1].Value, tokens[1].Keyword));
        Assert.Equal(Keyword.From, tokens[2].Keyword);
        Assert.Equal((TokenKind.QuotedIdentifier, "My Table"), (tokens[3].Kind, tokens[3].Value));
    }

    [Fact]
    public void Back_quoted_identifiers_escape_a_back_quote_by_doubling_it()
    {
        Token token = Assert.Single(Lex("`a``b`"));
        Assert.Equal("a`b", token.Value);
        Assert.Equal(Keyword.None, Assert.Single(Lex("`select`")).Keyword);
    }

    [Fact]
    public void String_literals_double_the_quote_and_may_span_lines()
    {
        Assert.Equal("it's", Assert.Single(Lex("'it''s'")).Value);
        Assert.Equal("a\nb", Assert.Single(Lex("'a\nb'")).Value);
        Assert.Equal(string.Empty, Assert.Single(Lex("''")).Value);
    }

    [Fact]
    public void Unicode_string_literals_decode_escapes()
    {
        Assert.Equal("día", Assert.Single(Lex(@"U&'d\00EDa'")).Value);
        Assert.Equal("😀", Assert.Single(Lex(@"u&'\+01F600'")).Value);
        Assert.Equal(@"a\b", Assert.Single(Lex(@"U&'a\\b'")).Value);
        Assert.Equal("día", Assert.Single(Lex("U&'d!00EDa' UESCAPE '!'")).Value);
    }

    [Fact]
    public void Binary_string_literals_keep_hex_digits()
    {
        Token token = Assert.Single(Lex("x'0aFF'"));
        Assert.Equal((TokenKind.BinaryString, "0AFF"), (token.Kind, token.Value));
    }

    [Theory]
    [InlineData("42", TokenKind.Integer)]
    [InlineData("4.2", TokenKind.Decimal)]
    [InlineData(".5", TokenKind.Decimal)]
    [InlineData("5.", TokenKind.Decimal)]
    [InlineData("1e3", TokenKind.Approximate)]
    [InlineData("1.5E-3", TokenKind.Approximate)]
    [InlineData("2e+10", TokenKind.Approximate)]
    public void Numbers_are_classified_by_how_they_are_written(string text, TokenKind kind)
    {
        Token token = Assert.Single(Lex(text));
        Assert.Equal((kind, text), (token.Kind, token.Text));
    }

    [Fact]
    public void Operators_are_tokenized_longest_first()
    {
        TokenKind[] kinds = [.. Lex("= <> != < <= > >= + - * / % || . , ; ( ) [ ] =>").Select(t => t.Kind)];
        Assert.Equal(
            [
                TokenKind.Equals, TokenKind.NotEquals, TokenKind.NotEquals, TokenKind.Less, TokenKind.LessOrEqual,
                TokenKind.Greater, TokenKind.GreaterOrEqual, TokenKind.Plus, TokenKind.Minus, TokenKind.Star,
                TokenKind.Slash, TokenKind.Percent, TokenKind.Concat, TokenKind.Dot, TokenKind.Comma,
                TokenKind.Semicolon, TokenKind.LeftParen, TokenKind.RightParen, TokenKind.LeftBracket,
                TokenKind.RightBracket, TokenKind.Arrow,
            ],
            kinds);
    }

    [Fact]
    public void Comments_are_skipped()
    {
        List<Token> tokens = Lex("a -- line comment\n/* block\n comment */ b /*+ OPTIONS('k'='v') */ c--end");
        Assert.Equal(["a", "b", "c"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Tokens_carry_line_column_and_offsets()
    {
        List<Token> tokens = Lex("SELECT\n  a,\r\n\tbb");
        Assert.Equal((1, 1, 0, 6), (tokens[0].Span.Line, tokens[0].Span.Column, tokens[0].Span.Start, tokens[0].Span.End));
        Assert.Equal((2, 3), (tokens[1].Span.Line, tokens[1].Span.Column));
        Assert.Equal((3, 2, 14, 16), (tokens[3].Span.Line, tokens[3].Span.Column, tokens[3].Span.Start, tokens[3].Span.End));
    }

    [Fact]
    public void End_of_input_is_positioned_after_the_last_character()
    {
        Token end = SqlParser.Tokenize("a\nbc")[^1];
        Assert.Equal((TokenKind.EndOfInput, 2, 3, 4), (end.Kind, end.Span.Line, end.Span.Column, end.Span.Start));
    }

    [Fact]
    public void Reserved_words_are_reported_as_such()
    {
        Assert.True(Keywords.IsReserved("select"));
        Assert.True(Keywords.IsReserved("Window"));
        Assert.False(Keywords.IsReserved("key"));
        Assert.False(Keywords.IsReserved("date"));
        Assert.False(Keywords.IsReserved("dateTime"));
        Assert.Equal("CURRENT_TIMESTAMP", Keywords.Text(Keyword.CurrentTimestamp));
        Assert.Equal(Keyword.SystemTime, Keywords.Lookup("system_time"));
    }

    [Theory]
    [InlineData("SELECT 'abc", 1, 8, SqlParseErrorKind.UnterminatedString)]
    [InlineData("SELECT\n  'abc\ndef", 2, 3, SqlParseErrorKind.UnterminatedString)]
    [InlineData("SELECT `abc", 1, 8, SqlParseErrorKind.UnterminatedQuotedIdentifier)]
    [InlineData("SELECT 1 /* never closed", 1, 10, SqlParseErrorKind.UnterminatedComment)]
    [InlineData("SELECT 12abc", 1, 8, SqlParseErrorKind.InvalidNumber)]
    [InlineData("SELECT 1.2.3", 1, 8, SqlParseErrorKind.InvalidNumber)]
    [InlineData("SELECT 1e", 1, 8, SqlParseErrorKind.InvalidNumber)]
    [InlineData("SELECT 1e+x", 1, 8, SqlParseErrorKind.InvalidNumber)]
    [InlineData("SELECT X'ABC'", 1, 8, SqlParseErrorKind.InvalidNumber)]
    [InlineData("SELECT U&'\\00G1'", 1, 11, SqlParseErrorKind.InvalidEscape)]
    [InlineData("SELECT a # b", 1, 10, SqlParseErrorKind.UnknownCharacter)]
    [InlineData("SELECT \"a\"", 1, 8, SqlParseErrorKind.UnknownCharacter)]
    [InlineData("SELECT ?", 1, 8, SqlParseErrorKind.UnknownCharacter)]
    [InlineData("SELECT a | b", 1, 10, SqlParseErrorKind.UnknownCharacter)]
    [InlineData("SELECT ``", 1, 8, SqlParseErrorKind.InvalidSyntax)]
    public void Lexical_errors_point_at_the_offending_text(string sql, int line, int column, SqlParseErrorKind kind) =>
        SqlAssert.Error(sql, line, column, kind);

    [Fact]
    public void Lexical_error_messages_say_what_is_wrong()
    {
        Assert.Equal(
            "line 1, column 8: unterminated string literal: the quote here has no closing quote (write '' for a quote inside a string)",
            SqlAssert.Error("SELECT 'abc").Message);
        Assert.Equal("line 1, column 8: invalid number '12abc'", SqlAssert.Error("SELECT 12abc").Message);
        Assert.Contains("string literals use single quotes", SqlAssert.Error("SELECT \"a\"").Message);
        Assert.Equal("line 1, column 10: unterminated comment: the '/*' here has no closing '*/'",
            SqlAssert.Error("SELECT 1 /* x").Message);
        Assert.Equal("12abc", SqlAssert.Error("SELECT 12abc").Offending);
    }
}
