using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;
using VecFlow.State.KeyGroups;

namespace VecFlow.State.Snapshots;

/// <summary>What a snapshot holds: backend, key-group range, every state (name, kind, fingerprint) and every file with its checksum.</summary>
/// <remarks>
/// Written last and atomically (temporary file, then rename), so a directory without <see cref="FileName"/> is an
/// incomplete snapshot. File paths are relative to the snapshot directory. In an incremental checkpoint the SST files
/// are <see cref="SnapshotFile.Shared"/>: they live in the checkpoint storage's shared folder under their
/// <see cref="SnapshotFile.SharedName"/> and are put back at their path when the snapshot is restored.
/// </remarks>
public sealed class SnapshotManifest
{
    public const string FileName = "_manifest.json";
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary><c>heap</c> or <c>rocksdb</c>.</summary>
    public required string Backend { get; init; }

    public required int MaxParallelism { get; init; }

    public required int KeyGroupStart { get; init; }

    public required int KeyGroupEnd { get; init; }

    public long CreatedAtMillis { get; init; }

    public required IReadOnlyList<SnapshotTable> Tables { get; init; }

    public required IReadOnlyList<SnapshotFile> Files { get; init; }

    [JsonIgnore]
    public KeyGroupRange KeyGroupRange => new(KeyGroupStart, KeyGroupEnd);

    /// <summary>Writes the manifest into <paramref name="directory"/> atomically.</summary>
    public void Write(string directory)
    {
        string target = Path.Combine(directory, FileName);
        string temporary = target + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Reads and checks the manifest of <paramref name="directory"/>.</summary>
    public static SnapshotManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new SnapshotCorruptException($"'{directory}' is not a complete snapshot: it has no {FileName} (the snapshot was not finished or the path is wrong).");
        }

        SnapshotManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SnapshotManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new SnapshotCorruptException($"The snapshot manifest '{path}' is corrupt: {e.Message}", e);
        }

        if (manifest is null || manifest.Tables is null || manifest.Files is null)
        {
            throw new SnapshotCorruptException($"The snapshot manifest '{path}' is corrupt: it lacks its tables or files.");
        }

        if (manifest.FormatVersion != CurrentFormatVersion)
        {
            throw new SnapshotCorruptException($"The snapshot '{directory}' has manifest format {manifest.FormatVersion}; this version reads format {CurrentFormatVersion}.");
        }

        return manifest;
    }

    /// <summary>Checks every listed file's size and checksum; the first mismatch is a <see cref="SnapshotCorruptException"/>.</summary>
    public void VerifyFiles(string directory)
    {
        foreach (SnapshotFile file in Files)
        {
            string path = Path.Combine(directory, file.Path);
            if (!File.Exists(path))
            {
                throw new SnapshotCorruptException($"Snapshot file '{file.Path}' of '{directory}' is missing.");
            }

            long size = SizeOf(path);
            if (size != file.Size)
            {
                throw new SnapshotCorruptException($"Snapshot file '{file.Path}' of '{directory}' is corrupt: it has {size} bytes but the manifest says {file.Size}.");
            }

            string checksum = Checksum(path);
            if (!string.Equals(checksum, file.Checksum, StringComparison.Ordinal))
            {
                throw new SnapshotCorruptException($"Snapshot file '{file.Path}' of '{directory}' is corrupt: its checksum is {checksum} but the manifest says {file.Checksum}.");
            }
        }
    }

    /// <summary>The manifest entry of a file just written: size and XXH3-64 checksum.</summary>
    public static SnapshotFile Describe(string directory, string relativePath)
    {
        string path = Path.Combine(directory, relativePath);
        return new SnapshotFile(relativePath.Replace('\\', '/'), new FileInfo(path).Length, Checksum(path));
    }

    /// <summary>The size of a file, or of the file a symbolic link points to (a restore assembles snapshots from links).</summary>
    internal static long SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? info.Length : ((FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true))?.Length ?? -1;
    }

    /// <summary>The XXH3-64 checksum (hex) of a file.</summary>
    internal static string Checksum(string path)
    {
        var hash = new XxHash3();
        using FileStream stream = File.OpenRead(path);
        hash.Append(stream);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}

/// <summary>One state table in a snapshot: its name, kind and fingerprint (null kind: the timers table), TTL, data file.</summary>
public sealed record SnapshotTable(string Name, string? Kind, string Layout, int FormatVersion, string Fingerprint, long TtlMillis, int KeyGroupOffset, string? File);

/// <summary>One file of a snapshot with its size and XXH3-64 checksum (hex); a Shared file lives in a checkpoint's shared folder as SharedName (incremental checkpoints).</summary>
public sealed record SnapshotFile(string Path, long Size, string Checksum, bool Shared = false, string? SharedName = null);
