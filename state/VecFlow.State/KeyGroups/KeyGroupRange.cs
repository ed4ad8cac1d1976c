namespace VecFlow.State.KeyGroups;

/// <summary>A contiguous, inclusive range of key groups: the unit a subtask owns, snapshots and restores.</summary>
public readonly record struct KeyGroupRange(int Start, int End)
{
    /// <summary>An empty range (a subtask that owns no key group).</summary>
    public static KeyGroupRange Empty { get; } = new(0, -1);

    public int Count => Math.Max(0, End - Start + 1);

    public bool IsEmpty => Count == 0;

    public bool Contains(int keyGroup) => keyGroup >= Start && keyGroup <= End;

    /// <summary>The part of this range that <paramref name="other"/> also covers (rescaling reads the overlap).</summary>
    public KeyGroupRange Intersect(KeyGroupRange other)
    {
        int start = Math.Max(Start, other.Start);
        int end = Math.Min(End, other.End);
        return start <= end ? new KeyGroupRange(start, end) : Empty;
    }

    public override string ToString() => IsEmpty ? "[]" : $"[{Start}..{End}]";
}
