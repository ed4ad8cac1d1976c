namespace VecFlow.Engine.Jobs;

/// <summary>No job has the id asked for.</summary>
public sealed class JobNotFoundException(string id, IReadOnlyCollection<string> known)
    : Exception(known.Count == 0
        ? $"there is no job '{id}'; no job has been submitted in this process"
        : $"there is no job '{id}'; known jobs: {string.Join(", ", known.Take(10))}{(known.Count > 10 ? ", ..." : string.Empty)}")
{
    public string JobId { get; } = id;
}
