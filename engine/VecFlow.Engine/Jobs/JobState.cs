namespace VecFlow.Engine.Jobs;

/// <summary>Where a job is in its life: Created until its thread starts, then Running, then one of the three ends.</summary>
public enum JobState
{
    Created,
    Running,
    Finished,
    Failed,
    Cancelled,
}
