using System.Text.Json;
using VecFlow.State.Snapshots;

namespace VecFlow.State.Checkpoints;

/// <summary>The metadata file of a checkpoint or savepoint: what it holds and every file it needs, with size and checksum.</summary>
/// <remarks>
/// Written last and atomically (temporary file, then rename): a checkpoint directory without <see cref="FileName"/>
/// is incomplete. File paths are relative to the checkpoint directory; a <see cref="SnapshotFile.Shared"/> file lives
/// in the job's shared folder under its <see cref="SnapshotFile.SharedName"/> and its path says where the keyed
/// snapshot expects it.
/// </remarks>
internal sealed class CheckpointMetadata
{
    public const string FileName = "_metadata.json";
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required long Id { get; init; }

    public required bool IsSavepoint { get; init; }

    public required long TimestampMillis { get; init; }

    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    public required IReadOnlyList<KeyedSnapshotEntry> Keyed { get; init; }

    public required IReadOnlyList<OperatorStateEntry> OperatorState { get; init; }

    public required IReadOnlyList<SnapshotFile> Files { get; init; }

    public void Write(string directory)
    {
        string target = Path.Combine(directory, FileName);
        string temporary = target + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, target, overwrite: true);
    }

    public static CheckpointMetadata Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new SnapshotCorruptException($"'{directory}' is not a complete checkpoint: it has no {FileName} (the checkpoint was not finished or the path is wrong).");
        }

        CheckpointMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<CheckpointMetadata>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new SnapshotCorruptException($"The checkpoint metadata '{path}' is corrupt: {e.Message}", e);
        }

        if (metadata is null || metadata.Properties is null || metadata.Keyed is null || metadata.OperatorState is null || metadata.Files is null)
        {
            throw new SnapshotCorruptException($"The checkpoint metadata '{path}' is corrupt: it lacks its properties, states or files.");
        }

        if (metadata.FormatVersion != CurrentFormatVersion)
        {
            throw new SnapshotCorruptException($"The checkpoint '{directory}' has metadata format {metadata.FormatVersion}; this version reads format {CurrentFormatVersion}.");
        }

        return metadata;
    }
}

/// <summary>The keyed-state snapshot of one operator subtask: a folder of the checkpoint holding a snapshot manifest.</summary>
internal sealed record KeyedSnapshotEntry(string OperatorId, int Subtask, string Directory);

/// <summary>One non-keyed state blob of an operator subtask, stored as a file of the checkpoint.</summary>
internal sealed record OperatorStateEntry(string OperatorId, int Subtask, string Name, string File);
