namespace VecFlow.Sql.Errors;

/// <summary>What kind of mistake a <see cref="SqlParseException"/> reports.</summary>
public enum SqlParseErrorKind
{
    /// <summary>A token the grammar does not allow here; <see cref="SqlParseException.Expected"/> says what would be.</summary>
    UnexpectedToken,

    /// <summary>The input ended while a statement, clause or expression was still open.</summary>
    UnexpectedEndOfInput,

    /// <summary>Input follows a complete statement without a ';' between them.</summary>
    TrailingInput,

    /// <summary>A '(' that is never closed or a ')' that closes nothing.</summary>
    UnbalancedParentheses,

    /// <summary>A statement set (EXECUTE STATEMENT SET BEGIN ... / BEGIN STATEMENT SET;) without its END.</summary>
    MissingEnd,

    UnterminatedString,
    UnterminatedQuotedIdentifier,
    UnterminatedComment,
    InvalidNumber,
    InvalidEscape,
    UnknownCharacter,

    /// <summary>A <c>${NAME}</c> reference to a variable that is not defined.</summary>
    UndefinedVariable,

    /// <summary>Syntactically well-formed but invalid in a way the parser can see (a bad precision, two primary keys).</summary>
    InvalidSyntax,

    /// <summary>Valid Flink SQL that VecFlow does not support yet.</summary>
    NotSupported,
}
