using VecFlow.Sql.Source;

namespace VecFlow.Sql.Lexing;

/// <summary>One token of SQL text.</summary>
/// <param name="Kind">The lexical category.</param>
/// <param name="Keyword">For a <see cref="TokenKind.Word"/>, the keyword it spells (or <see cref="Keyword.None"/>).</param>
/// <param name="Text">The token as it appears in the (substituted) text.</param>
/// <param name="Value">The decoded value: an identifier's name, a string's content, a number's digits.</param>
/// <param name="Span">Where the token is in the original text.</param>
public readonly record struct Token(TokenKind Kind, Keyword Keyword, string Text, string Value, SourceSpan Span)
{
    public bool IsKeyword(Keyword keyword) => Kind == TokenKind.Word && Keyword == keyword;

    /// <summary>How the token is named in an error message: its text, or a description for literals and end of input.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.String => "string " + Errors.ParseErrors.Quote(Value),
        TokenKind.BinaryString => "binary string " + Text,
        TokenKind.Integer or TokenKind.Decimal or TokenKind.Approximate => "number " + Text,
        _ => Errors.ParseErrors.Quote(Text),
    };
}
