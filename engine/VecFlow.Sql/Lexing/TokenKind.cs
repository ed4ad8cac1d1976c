namespace VecFlow.Sql.Lexing;

/// <summary>The lexical category of a <see cref="Token"/>.</summary>
public enum TokenKind
{
    /// <summary>An unquoted word: an identifier or a keyword (see <see cref="Token.Keyword"/>).</summary>
    Word,

    /// <summary>A back-quoted identifier; never a keyword.</summary>
    QuotedIdentifier,

    /// <summary>A character string literal ('...' or U&amp;'...'); <see cref="Token.Value"/> holds the decoded text.</summary>
    String,

    /// <summary>A binary string literal X'...'; <see cref="Token.Value"/> holds the hex digits.</summary>
    BinaryString,

    Integer,
    Decimal,

    /// <summary>A number with an exponent (1e3, 2.5E-2): an approximate (DOUBLE) literal.</summary>
    Approximate,

    Comma,
    Semicolon,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Concat,
    Equals,
    NotEquals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>'=>' between a parameter name and its value in a named argument.</summary>
    Arrow,

    EndOfInput,
}
