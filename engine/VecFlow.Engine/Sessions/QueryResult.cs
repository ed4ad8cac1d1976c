using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Sessions;

/// <summary>The rows of a query, with values as <see cref="Execution.ManagedValues"/> describes.</summary>
public sealed record QueryResult(RowSchema Schema, IReadOnlyList<object?[]> Rows);

/// <summary>What one operator of a finished job did.</summary>
public sealed record OperatorSummary(string Name, long RowsIn, long RowsOut, long SpilledBytes, long PeakMemoryBytes, long DroppedRows);

/// <summary>What one statement of a script did: its kind, a one-line message, and rows or a plan where it has them.</summary>
public sealed record StatementResult(string Kind, string Message, QueryResult? Result = null, IReadOnlyList<OperatorSummary>? Operators = null, TimeSpan Elapsed = default);
