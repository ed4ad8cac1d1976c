using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    /// <summary>Whether the token at <paramref name="ahead"/> can be an identifier (quoted, or an unreserved word).</summary>
    private bool AtIdentifier(int ahead = 0)
    {
        Token token = Peek(ahead);
        return token.Kind == TokenKind.QuotedIdentifier
            || (token.Kind == TokenKind.Word && !Keywords.IsReserved(token.Keyword));
    }

    private Identifier ParseIdentifier()
    {
        if (!AtIdentifier())
        {
            Expect("identifier");
            throw Unexpected();
        }

        Token token = Advance();
        return new Identifier(token.Value, token.Kind == TokenKind.QuotedIdentifier, token.Span);
    }

    private bool TryParseIdentifier(out Identifier identifier)
    {
        if (AtIdentifier())
        {
            identifier = ParseIdentifier();
            return true;
        }

        Expect("identifier");
        identifier = null!;
        return false;
    }

    private QualifiedName ParseQualifiedName()
    {
        Token start = Current;
        var parts = new List<Identifier> { ParseIdentifier() };
        while (At(TokenKind.Dot) && AtIdentifier(1))
        {
            Advance();
            parts.Add(ParseIdentifier());
        }

        return new QualifiedName(parts, SpanFrom(start));
    }

    /// <summary><c>(a, b, ..)</c>: a parenthesised, non-empty list of names.</summary>
    private List<Identifier> ParseIdentifierList()
    {
        Token open = ExpectToken(TokenKind.LeftParen);
        var names = new List<Identifier> { ParseIdentifier() };
        while (Accept(TokenKind.Comma))
        {
            names.Add(ParseIdentifier());
        }

        ExpectClose(open);
        return names;
    }

    private StringLiteral ParseStringLiteral(string? hint = null)
    {
        if (!At(TokenKind.String))
        {
            Expect("string literal");
            throw Unexpected(hint);
        }

        Token token = Advance();
        return new StringLiteral(token.Value, token.Span);
    }

    private bool TryParseComment(out StringLiteral? comment)
    {
        comment = AcceptKeyword(Keyword.Comment) ? ParseStringLiteral() : null;
        return comment is not null;
    }

    /// <summary>A small non-negative integer such as a precision or length.</summary>
    private int ParseSmallInteger(string what)
    {
        if (!At(TokenKind.Integer))
        {
            Expect("integer");
            throw Unexpected();
        }

        Token token = Advance();
        if (!int.TryParse(token.Text, out int value))
        {
            throw Error(Errors.SqlParseErrorKind.InvalidSyntax, token.Span, $"{what} {token.Text} is too large", token.Text);
        }

        return value;
    }
}
