using System.Management.Automation;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Planning;
using VecFlow.Sql.Errors;
using VecFlow.Vector.Errors;

namespace VecFlow.PowerShell;

/// <summary>Turns engine exceptions and failed jobs into ErrorRecords with a category, an id and a target, never a stack trace.</summary>
internal static class JobErrors
{
    public static ErrorRecord From(Exception error, object? target) =>
        new(Unwrap(error), IdOf(error), CategoryOf(error), target);

    /// <summary>The error of a job that failed: its one-line reason, classified by the exception behind it.</summary>
    public static ErrorRecord Failed(SqlJob job)
    {
        Exception cause = job.Error ?? new InvalidOperationException(job.FailureReason);
        var error = new JobFailedException($"job '{job.Name}' ({job.Id}) failed: {job.FailureReason}", cause);
        return new ErrorRecord(error, IdOf(cause), CategoryOf(cause), job);
    }

    public static ErrorRecord NotFound(string what, object target) =>
        new(new ItemNotFoundException(what), "JobNotFound", ErrorCategory.ObjectNotFound, target);

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;

    private static string IdOf(Exception error) => Unwrap(error) switch
    {
        SqlParseException => "SqlParseError",
        SqlValidationException e when IsNotSupported(e) => "NotSupported",
        SqlValidationException => "SqlValidationError",
        ConnectorException => "ConnectorError",
        SqlRuntimeException => "SqlRuntimeError",
        NotSupportedException => "NotSupported",
        JobNotFoundException => "JobNotFound",
        FileNotFoundException or DirectoryNotFoundException => "FileNotFound",
        TimeoutException => "Timeout",
        ArgumentException => "InvalidArgument",
        OperationCanceledException => "Cancelled",
        InvalidOperationException => "InvalidOperation",
        var e => e.GetType().Name,
    };

    private static ErrorCategory CategoryOf(Exception error) => Unwrap(error) switch
    {
        SqlParseException => ErrorCategory.ParserError,
        SqlValidationException e when IsNotSupported(e) => ErrorCategory.NotImplemented,
        SqlValidationException => ErrorCategory.InvalidArgument,
        ConnectorException => ErrorCategory.InvalidData,
        SqlRuntimeException => ErrorCategory.InvalidResult,
        NotSupportedException => ErrorCategory.NotImplemented,
        JobNotFoundException or FileNotFoundException or DirectoryNotFoundException => ErrorCategory.ObjectNotFound,
        TimeoutException => ErrorCategory.OperationTimeout,
        ArgumentException => ErrorCategory.InvalidArgument,
        OperationCanceledException => ErrorCategory.OperationStopped,
        InvalidOperationException => ErrorCategory.InvalidOperation,
        UnauthorizedAccessException => ErrorCategory.PermissionDenied,
        IOException => ErrorCategory.ReadError,
        _ => ErrorCategory.NotSpecified,
    };

    // The engine reports features it does not have yet ("not supported yet: streaming mode") as validation errors.
    private static bool IsNotSupported(Exception error) => error.Message.Contains("not supported", StringComparison.Ordinal);
}

/// <summary>A VecFlow job ended Failed; the message is its one-line reason and the inner exception the engine's error.</summary>
public sealed class JobFailedException(string message, Exception inner) : Exception(message, inner);
