namespace VecFlow.State.Timers;

/// <summary>Which clock a timer follows.</summary>
public enum TimeDomain : byte
{
    /// <summary>Fires when the watermark reaches the timer's time.</summary>
    EventTime = 1,

    /// <summary>Fires when the processing-time clock reaches the timer's time.</summary>
    ProcessingTime = 2,
}
