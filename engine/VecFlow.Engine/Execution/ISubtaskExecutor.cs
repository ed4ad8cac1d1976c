namespace VecFlow.Engine.Execution;

/// <summary>Where subtasks run: threads of this process (embedded), or worker processes (cluster mode).</summary>
public interface ISubtaskExecutor
{
    /// <summary>Starts <paramref name="subtask"/> and returns a task that completes (or faults) with it.</summary>
    Task Run(string name, Action subtask);
}

/// <summary>Runs each subtask on its own dedicated thread: subtasks block on channels, so they must not share pool threads.</summary>
public sealed class ThreadSubtaskExecutor : ISubtaskExecutor
{
    /// <summary>Deep expression trees recurse while they are evaluated; give subtask threads a main thread's stack.</summary>
    private const int MaxStackBytes = 16 << 20;

    public Task Run(string name, Action subtask)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                subtask();
                completion.SetResult();
            }
            catch (Exception error)
            {
                completion.SetException(error);
            }
        }, MaxStackBytes)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }
}
