namespace VecFlow.Vector.Errors;

/// <summary>What went wrong while evaluating a SQL expression on a row.</summary>
public enum SqlErrorKind
{
    ArithmeticOverflow,
    DivisionByZero,
    InvalidCast,
    InvalidArgument,
}

/// <summary>A SQL evaluation error on one row: what failed, on which row of the batch, and on which value.</summary>
/// <remarks>
/// Thrown instead of wrapping around, producing infinity, or guessing. The row is the position in the batch being
/// evaluated; operators that know the source (file, line) add it when they rethrow.
/// </remarks>
public sealed class SqlRuntimeException(SqlErrorKind kind, int row, string message)
    : Exception($"{message} (row {row} of the batch)")
{
    public SqlErrorKind Kind { get; } = kind;

    /// <summary>Position of the failing row in its batch.</summary>
    public int Row { get; } = row;

    /// <summary>The message without the row position.</summary>
    public string Detail { get; } = message;
}
