namespace VecFlow.State.Keyed;

/// <summary>One (key group, encoded key, namespace) that holds state, as key iteration reports it.</summary>
public readonly record struct StateKey(int KeyGroup, byte[] Key, long Namespace);
