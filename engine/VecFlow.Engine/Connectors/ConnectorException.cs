namespace VecFlow.Engine.Connectors;

/// <summary>A user-facing connector problem: a bad option, a missing file, a malformed row (with file, line and column).</summary>
public sealed class ConnectorException(string message, Exception? inner = null) : Exception(message, inner);
