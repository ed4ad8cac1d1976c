using VecFlow.Engine.Execution.Checkpointing;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Fails tasks for real at seeded random moments: while processing, while snapshotting, while committing, in turn.</summary>
internal sealed class RandomFaults(int seed, int failures) : IFaultInjector
{
    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private readonly Dictionary<FaultPoint, int> _injected = [];
    private long _calls;
    private long _next = 5;

    /// <summary>Every snapshot and commit the injector saw (for failure messages: a run without them took no checkpoint).</summary>
    public List<string> Log { get; } = [];

    public int Injected => _injected.Values.Sum();

    public int InjectedAt(FaultPoint point) => _injected.GetValueOrDefault(point);

    public void At(FaultPoint point, string task, long checkpointId)
    {
        lock (_lock)
        {
            if (point != FaultPoint.Process)
            {
                Log.Add($"{point} in {task}, checkpoint {checkpointId}");
            }

            int done = Injected;
            if (done >= failures)
            {
                return;
            }

            // The next failure's kind rotates, so each kind is injected about a third of the time.
            var due = (FaultPoint)(done % 3);
            _calls++;
            if (point != due || _calls < _next)
            {
                return;
            }

            _injected[point] = _injected.GetValueOrDefault(point) + 1;
            _next = _calls + _random.Next(1, point == FaultPoint.Process ? 120 : 4);
        }

        throw new InjectedFaultException($"injected failure {Injected} at {point} in {task} (checkpoint {checkpointId})");
    }
}
