namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Per-group scratch arrays of the accumulators, reused batch after batch.</summary>
internal static class GroupDeltas
{
    /// <summary>Makes <paramref name="deltas"/> hold at least <paramref name="groups"/> zeroed entries.</summary>
    public static void Reset<T>(ref T[] deltas, int groups)
    {
        if (deltas.Length < groups)
        {
            deltas = new T[Math.Max(groups, deltas.Length * 2)];
            return;
        }

        Array.Clear(deltas, 0, groups);
    }
}
