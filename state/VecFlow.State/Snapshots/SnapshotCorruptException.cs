namespace VecFlow.State.Snapshots;

/// <summary>A snapshot that must not be restored: a missing, truncated or altered file, or an unreadable manifest.</summary>
public sealed class SnapshotCorruptException(string message, Exception? inner = null) : Exception(message, inner);
