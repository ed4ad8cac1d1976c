namespace VecFlow.Engine.Runtime;

/// <summary>A per-operator memory allowance in bytes; operators compare their own accounting against it.</summary>
/// <remarks>
/// Set by <c>SET 'table.exec.resource.memory-per-operator' = '64mb'</c> (or the planner's default). A tiny budget is
/// how tests force every spilling path.
/// </remarks>
public sealed class MemoryBudget(long bytes)
{
    public static MemoryBudget Unlimited { get; } = new(long.MaxValue);

    public long Bytes { get; } = bytes > 0 ? bytes : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A memory budget must be positive.");

    /// <summary>True when holding <paramref name="used"/> bytes exceeds the budget.</summary>
    public bool IsExceeded(long used) => used > Bytes;

    public override string ToString() => Bytes == long.MaxValue ? "unlimited" : $"{Bytes} bytes";
}
