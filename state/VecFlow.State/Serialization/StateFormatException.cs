namespace VecFlow.State.Serialization;

/// <summary>Stored state bytes that do not decode (truncated, corrupt, or written by another layout).</summary>
public sealed class StateFormatException(string message) : Exception(message);
