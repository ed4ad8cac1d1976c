using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;

namespace VecFlow.Engine.Operators.Join;

/// <summary>One hash partition of a spilled join: its build rows and probe rows in two spill files.</summary>
internal sealed class GracePartition : IDisposable
{
    private bool _anyBuildRow;
    private ulong _firstHash;

    public GracePartition(string directory, RowSchema buildSchema, RowSchema probeSchema)
    {
        Build = SpillFile.Create(directory, buildSchema, "join-build");
        try
        {
            Probe = SpillFile.Create(directory, probeSchema, "join-probe");
        }
        catch
        {
            Build.Dispose();
            throw;
        }
    }

    public SpillFile Build { get; }

    public SpillFile Probe { get; }

    /// <summary>In-memory bytes of the build rows (not their file size, which carries IPC framing per batch).</summary>
    public long BuildBytes { get; private set; }

    public long BuildRows => Build.Rows;

    public long ProbeRows => Probe.Rows;

    /// <summary>
    /// True while every build row has the same key hash: such a partition (one hot key) cannot shrink by splitting
    /// again and is joined in memory whatever the budget.
    /// </summary>
    public bool SingleHash { get; private set; } = true;

    public void NoteBuildBytes(long bytes) => BuildBytes += bytes;

    public void NoteBuildHash(ulong hash)
    {
        if (!_anyBuildRow)
        {
            _firstHash = hash;
            _anyBuildRow = true;
        }
        else if (hash != _firstHash)
        {
            SingleHash = false;
        }
    }

    /// <summary>Ends writing both files and records them as spilled bytes.</summary>
    public void FinishWriting(OperatorMetrics metrics)
    {
        foreach (SpillFile file in (SpillFile[])[Build, Probe])
        {
            file.FinishWriting();
            if (file.Rows > 0)
            {
                metrics.AddSpill(file.Bytes);
            }
        }
    }

    public void Dispose()
    {
        Build.Dispose();
        Probe.Dispose();
    }
}
