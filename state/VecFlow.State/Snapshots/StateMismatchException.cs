namespace VecFlow.State.Snapshots;

/// <summary>Restored state whose shape does not match what the operator declares (or two snapshots that disagree).</summary>
public sealed class StateMismatchException(string message) : Exception(message);
