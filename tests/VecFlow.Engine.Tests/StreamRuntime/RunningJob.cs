using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>Runs a streaming script on another thread, so a test can watch its sinks while it runs, then cancels it.</summary>
internal sealed class RunningJob : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Task _run;

    public RunningJob(SqlSession session, string script)
    {
        session.Cancellation = _cancellation.Token;
        _run = Task.Run(() => session.Execute(script));
    }

    /// <summary>True while the script still runs (an endless job only stops when cancelled or failed).</summary>
    public bool IsRunning => !_run.IsCompleted;

    /// <summary>Cancels the job and waits for it to stop; rethrows a failure other than the cancellation.</summary>
    public void Dispose()
    {
        _cancellation.Cancel();
        try
        {
            _run.Wait(TimeSpan.FromSeconds(60));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }
        finally
        {
            _cancellation.Dispose();
        }
    }
}
