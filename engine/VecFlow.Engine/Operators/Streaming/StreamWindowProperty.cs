namespace VecFlow.Engine.Operators.Streaming;

/// <summary>What a group key of a streaming window aggregate holds: an input column or a property of the window.</summary>
public enum StreamWindowProperty
{
    /// <summary>An input column (a plain GROUP BY key).</summary>
    Column,

    /// <summary>window_start (TIMESTAMP(3)).</summary>
    WindowStart,

    /// <summary>window_end (TIMESTAMP(3)).</summary>
    WindowEnd,

    /// <summary>window_time: window_end - 1 ms, typed like the time attribute.</summary>
    WindowTime,
}
