namespace VecFlow.State.Timers;

/// <summary>A timer that fired: its time, and the key group, encoded key and namespace it was set for.</summary>
public readonly record struct FiredTimer(TimeDomain Domain, long Time, int KeyGroup, byte[] Key, long Namespace);
