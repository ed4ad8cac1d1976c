namespace VecFlow.State.Storage;

/// <summary>How much one state holds: entries and bytes (RocksDB figures are its own estimates).</summary>
public readonly record struct StateSize(string Name, long Entries, long Bytes);
