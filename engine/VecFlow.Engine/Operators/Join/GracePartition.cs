using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Join;

/// <summary>One hash partition of a spilled join: its build rows and probe rows in two spill files.</summary>
/// <remarks>
/// Rows arrive as small slices (one per input batch and partition); they wait in memory until a slice of
/// <c>flushBytes</c> can be written, so a spill file holds a few large IPC record batches rather than many tiny ones.
/// </remarks>
internal sealed class GracePartition : IDisposable
{
    private readonly BufferPool _pool;
    private readonly long _flushBytes;
    private readonly Pending _pendingBuild = new();
    private readonly Pending _pendingProbe = new();
    private bool _anyBuildRow;
    private ulong _firstHash;

    public GracePartition(string directory, RowSchema buildSchema, RowSchema probeSchema, BufferPool pool, long flushBytes)
    {
        _pool = pool;
        _flushBytes = flushBytes;
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

    /// <summary>Takes ownership of <paramref name="rows"/> (without a selection) and writes it to a file, maybe later.</summary>
    public void Add(ColumnBatch rows, bool build)
    {
        long bytes = BatchFootprint.Bytes(rows);
        if (build)
        {
            BuildBytes += bytes;
        }

        Pending pending = build ? _pendingBuild : _pendingProbe;
        pending.Batches.Add(rows);
        pending.Bytes += bytes;
        if (pending.Bytes >= _flushBytes)
        {
            Flush(pending, build ? Build : Probe);
        }
    }

    /// <summary>Writes what is pending, ends writing both files and records them as spilled bytes.</summary>
    public void FinishWriting(OperatorMetrics metrics)
    {
        Flush(_pendingBuild, Build);
        Flush(_pendingProbe, Probe);
        foreach (SpillFile file in (SpillFile[])[Build, Probe])
        {
            file.FinishWriting();
            if (file.Rows > 0)
            {
                metrics.AddSpill(file.Bytes);
            }
        }
    }

    private void Flush(Pending pending, SpillFile file)
    {
        List<ColumnBatch> batches = pending.Batches;
        if (batches.Count == 0)
        {
            return;
        }

        try
        {
            if (batches.Count == 1)
            {
                file.Append(batches[0], _pool);
                return;
            }

            ColumnBatch first = batches[0];
            var columns = new List<ColumnVector>(first.Columns.Count);
            try
            {
                for (int c = 0; c < first.Columns.Count; c++)
                {
                    columns.Add(ColumnConcatenation.Concatenate(first.Column(c).Type, [.. batches.Select(b => b.Column(c))], _pool));
                }
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }

            using var joined = new ColumnBatch(first.Names, columns, batches.Sum(b => b.Length));
            file.Append(joined, _pool);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
            batches.Clear();
            pending.Bytes = 0;
        }
    }

    public void Dispose()
    {
        _pendingBuild.Batches.ForEach(b => b.Dispose());
        _pendingBuild.Batches.Clear();
        _pendingProbe.Batches.ForEach(b => b.Dispose());
        _pendingProbe.Batches.Clear();
        Build.Dispose();
        Probe.Dispose();
    }

    /// <summary>Rows of one side waiting to be written.</summary>
    private sealed class Pending
    {
        public List<ColumnBatch> Batches { get; } = [];

        public long Bytes { get; set; }
    }
}
