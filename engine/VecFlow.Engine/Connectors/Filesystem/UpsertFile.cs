using System.Globalization;
using System.Text.RegularExpressions;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>One file of an upsert table: the rows of a key-group range as of a checkpoint, named by both.</summary>
/// <remarks>
/// Named <c>part-kg&lt;first&gt;-&lt;last&gt;-chk&lt;id&gt;.&lt;ext&gt;</c> (hidden as <c>.&lt;name&gt;.inprogress</c> until
/// committed). A newer file (larger checkpoint id) replaces every older file whose key-group range overlaps its own,
/// so after a restart at another parallelism the new ranges still make up the table exactly once.
/// </remarks>
internal sealed partial record UpsertFile(string Directory, int First, int Last, long Checkpoint, string Extension)
{
    /// <summary>How a committable of an upsert file starts (an append sink's committables are two paths).</summary>
    private const string CommittablePrefix = "upsert\t";

    public string Name => string.Create(CultureInfo.InvariantCulture, $"part-kg{First}-{Last}-chk{Checkpoint}.{Extension}");

    /// <summary>The visible path, once committed.</summary>
    public string Final => Path.Combine(Directory, Name);

    /// <summary>The hidden path it is written to (readers skip names starting with '.').</summary>
    public string Temporary => Path.Combine(Directory, "." + Name + ".inprogress");

    /// <summary>How the file is recorded in a checkpoint.</summary>
    public string Committable => CommittablePrefix + Final;

    public bool Overlaps(UpsertFile other) => First <= other.Last && other.First <= Last;

    public static bool IsCommittable(string committable) => committable.StartsWith(CommittablePrefix, StringComparison.Ordinal);

    public static UpsertFile FromCommittable(string committable)
    {
        string final = committable[CommittablePrefix.Length..];
        return Parse(final) ?? throw new ConnectorException($"The checkpoint names an upsert file '{final}' whose name does not have the form part-kg<first>-<last>-chk<id>.<ext>.");
    }

    /// <summary>Every committed and every hidden upsert file of <paramref name="directory"/> (other files are not the upsert sink's).</summary>
    public static (List<UpsertFile> Committed, List<UpsertFile> Hidden) List(string directory)
    {
        var committed = new List<UpsertFile>();
        var hidden = new List<UpsertFile>();
        if (!System.IO.Directory.Exists(directory))
        {
            return (committed, hidden);
        }

        foreach (string path in System.IO.Directory.EnumerateFiles(directory))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith('.') && name.EndsWith(".inprogress", StringComparison.Ordinal))
            {
                if (Parse(Path.Combine(directory, name[1..^".inprogress".Length])) is { } pending)
                {
                    hidden.Add(pending);
                }
            }
            else if (Parse(path) is { } file)
            {
                committed.Add(file);
            }
        }

        return (committed, hidden);
    }

    private static UpsertFile? Parse(string path)
    {
        Match match = NamePattern().Match(Path.GetFileName(path));
        if (!match.Success)
        {
            return null;
        }

        return new UpsertFile(
            Path.GetDirectoryName(path) ?? ".",
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            match.Groups[4].Value);
    }

    [GeneratedRegex(@"^part-kg([0-9]{1,9})-([0-9]{1,9})-chk([0-9]{1,18})\.([^.]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
