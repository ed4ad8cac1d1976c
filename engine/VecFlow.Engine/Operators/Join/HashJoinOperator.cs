using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Join;

/// <summary>An equi-join: hashes the build input (input 0) into a table and probes it with the other input (input 1).</summary>
/// <remarks>
/// <para>Every <see cref="JoinKind"/> works with either build side. The build side's rows are concatenated into one
/// row-id space and linked into bucket chains by key hash; each probe batch is hashed as a whole, walks the chains into
/// (probe row, build row) candidate pairs, and handles them a chunk of at most <see cref="OperatorContext.BatchRows"/>
/// at a time (see <see cref="JoinMatcher"/>). NULL keys never match. Unmatched build rows (outer, semi and anti joins
/// with the left side built) come from a bitmap once the probe input has ended.</para>
/// <para>When the build rows exceed the memory budget the join turns into a grace hash join: both inputs are split
/// into spill partitions by key hash, and the partition pairs are joined one at a time, each split again (with
/// another hash salt) while its build side is still too large. A partition whose build rows all share one key hash
/// cannot shrink and is joined in memory regardless of the budget, as is any partition at the depth limit.</para>
/// </remarks>
public sealed class HashJoinOperator : IBatchOperator
{
    /// <summary>How many times a partition is split again at most; deeper partitions are joined whatever their size.</summary>
    public const int MaxSpillDepth = 8;

    private readonly JoinRoles _roles;
    private readonly RowSchema _buildSchema;
    private readonly RowSchema _probeSchema;
    private readonly IReadOnlyList<int> _buildKeys;
    private readonly IReadOnlyList<int> _probeKeys;
    private readonly RowSchema _left;
    private readonly RowSchema _right;
    private readonly Expr? _residual;

    private readonly List<ColumnBatch> _buildBatches = [];
    private long _buildBytes;
    private long _buildRows;
    private OperatorContext? _context;
    private JoinMatcher? _matcher;
    private JoinHashTable? _table;
    private GracePartitioner? _partitioner;
    private SpillFile? _unmatchableBuild;
    private bool _buildEnded;
    private ulong[] _probeLive = [];
    private ulong[] _probeKeyed = [];
    private ulong[] _probeMatched = [];
    private ulong[] _probeHashes = [];
    private long[] _probeKeyValues = [];
    private int[] _probeRows = [];
    private int[] _buildRowsOfPairs = [];

    public HashJoinOperator(
        JoinKind kind,
        RowSchema left,
        RowSchema right,
        IReadOnlyList<int> leftKeys,
        IReadOnlyList<int> rightKeys,
        Expr? residual,
        JoinSide buildSide)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(leftKeys);
        ArgumentNullException.ThrowIfNull(rightKeys);
        _roles = new JoinRoles(kind, buildSide);
        if (leftKeys.Count == 0 || leftKeys.Count != rightKeys.Count)
        {
            throw new ArgumentException(
                $"A hash join needs one or more key pairs; got {leftKeys.Count} left and {rightKeys.Count} right key columns. Use a nested-loop join for joins without equality keys.");
        }

        for (int k = 0; k < leftKeys.Count; k++)
        {
            CheckKey(left, leftKeys[k], "left", k);
            CheckKey(right, rightKeys[k], "right", k);
            SqlType l = left[leftKeys[k]].Type;
            SqlType r = right[rightKeys[k]].Type;
            if (l.Kind != r.Kind || (l.Kind == SqlTypeKind.Decimal && l.Scale != r.Scale))
            {
                throw new ArgumentException(
                    $"Join key {k} compares left column '{left[leftKeys[k]].Name}' {l} with right column '{right[rightKeys[k]].Name}' {r}; both sides need the same type (the planner casts one side).");
            }
        }

        if (residual is not null && residual.Type.Kind != SqlTypeKind.Boolean)
        {
            throw new ArgumentException($"A join condition must be BOOLEAN, not {residual.Type}: {residual}.", nameof(residual));
        }

        _left = left;
        _right = right;
        _residual = residual;
        _buildSchema = _roles.BuildIsLeft ? left : right;
        _probeSchema = _roles.BuildIsLeft ? right : left;
        _buildKeys = _roles.BuildIsLeft ? [.. leftKeys] : [.. rightKeys];
        _probeKeys = _roles.BuildIsLeft ? [.. rightKeys] : [.. leftKeys];
        Kind = kind;
        BuildSide = buildSide;
        OutputSchema = JoinRoles.OutputSchema(kind, left, right);
    }

    public string Name => "HashJoin";

    public JoinKind Kind { get; }

    public JoinSide BuildSide { get; }

    /// <summary>Left columns then right columns (left only for Semi / Anti); the columns of an outer side are nullable.</summary>
    public RowSchema OutputSchema { get; }

    /// <summary>How many levels of grace partitioning the last run used (0: the build side fit in memory).</summary>
    public int SpillDepth { get; private set; }

    private OperatorContext Context => _context ?? throw new InvalidOperationException("HashJoin was used before Open.");

    private JoinMatcher Matcher => _matcher ?? throw new InvalidOperationException("HashJoin was used before Open.");

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _matcher = new JoinMatcher(_roles, _left, _right, OutputSchema, _probeKeys, _buildKeys, _residual, context);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        using (batch)
        {
            Context.Metrics.AddIn(batch.LiveCount);
            Context.Cancellation.ThrowIfCancellationRequested();
            switch (input)
            {
                case 0 when !_buildEnded:
                    AddBuild(batch);
                    break;
                case 0:
                    throw new InvalidOperationException("HashJoin received a build batch (input 0) after the build input ended.");
                case 1 when _buildEnded:
                    AddProbe(batch, output);
                    break;
                case 1:
                    throw new InvalidOperationException("HashJoin received a probe batch (input 1) before the build input (input 0) ended.");
                default:
                    throw new ArgumentOutOfRangeException(nameof(input), input, "A hash join has inputs 0 (build) and 1 (probe).");
            }
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (input == 0)
        {
            EndBuild();
        }
        else if (input == 1)
        {
            if (!_buildEnded)
            {
                EndBuild();
            }

            EndProbe(output);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "A hash join has inputs 0 (build) and 1 (probe).");
        }
    }

    private void AddBuild(ColumnBatch batch)
    {
        if (batch.LiveCount == 0)
        {
            return;
        }

        if (_partitioner is not null)
        {
            SpillBuild(batch);
            return;
        }

        ColumnBatch compact = batch.Compact(Context.Pool);
        _buildBatches.Add(compact);
        _buildBytes += BatchFootprint.Bytes(compact);
        _buildRows += compact.Length;
        long held = _buildBytes + (_buildRows * JoinHashTable.BytesPerRow);
        Context.Metrics.ObserveMemory(held);
        if (Context.Budget.IsExceeded(held))
        {
            StartSpilling();
        }
    }

    private void StartSpilling()
    {
        _partitioner = new GracePartitioner(0, _buildSchema, _probeSchema, _buildKeys, _probeKeys, Context);
        SpillDepth = 1;
        foreach (ColumnBatch held in _buildBatches)
        {
            SpillBuild(held);
        }

        _buildBatches.ForEach(b => b.Dispose());
        _buildBatches.Clear();
        _buildBytes = 0;
        _buildRows = 0;
    }

    private void SpillBuild(ColumnBatch batch)
    {
        int words = Bits.WordCount(batch.Length);
        ulong[] live = new ulong[words];
        ulong[] keyed = new ulong[words];
        KeyedRows.Live(batch, live);
        KeyedRows.WithKeys(batch, _buildKeys, live, keyed);
        _partitioner!.AddBuild(batch, keyed);
        if (_roles.KeepsUnmatchedBuild)
        {
            // Rows with a NULL key never match; they wait in their own file to leave as unmatched rows at the end.
            Bits.AndNot(live, keyed, live);
            if (Bits.PopCount(live) > 0)
            {
                _unmatchableBuild ??= SpillFile.Create(Context.SpillDirectory, _buildSchema, "join-null-keys");
                using ColumnBatch nullKeys = batch.WithSelection(Selection.FromWords(live, batch.Length, Context.Pool));
                _unmatchableBuild.Append(nullKeys, Context.Pool);
            }
        }
    }

    private void EndBuild()
    {
        if (_buildEnded)
        {
            throw new InvalidOperationException("HashJoin's build input (input 0) ended twice.");
        }

        _buildEnded = true;
        if (_partitioner is not null)
        {
            return;
        }

        try
        {
            _table = new JoinHashTable(new BuildSideRows(_buildSchema, _buildBatches, Context.Pool), _buildKeys);
        }
        finally
        {
            _buildBatches.ForEach(b => b.Dispose());
            _buildBatches.Clear();
        }

        Context.Metrics.ObserveMemory(_table.MemoryBytes);
    }

    private void AddProbe(ColumnBatch batch, IBatchCollector output)
    {
        if (batch.LiveCount == 0)
        {
            return;
        }

        if (_table is not null)
        {
            Probe(_table, batch, output);
            return;
        }

        int words = Bits.WordCount(batch.Length);
        ulong[] live = new ulong[words];
        ulong[] keyed = new ulong[words];
        KeyedRows.Live(batch, live);
        KeyedRows.WithKeys(batch, _probeKeys, live, keyed);
        _partitioner!.AddProbe(batch, keyed);
        if (_roles.KeepsUnmatchedProbe)
        {
            // Rows with a NULL key never match, so they leave now instead of going to disk.
            Bits.AndNot(live, keyed, live);
            Matcher.FinishProbeBatch(batch, live, new ulong[words], output);
        }
    }

    private void EndProbe(IBatchCollector output)
    {
        if (_table is not null)
        {
            JoinHashTable table = _table;
            _table = null;
            using (table)
            {
                Matcher.FinishBuild(table.Rows, output);
            }

            return;
        }

        GracePartitioner partitioner = _partitioner!;
        _partitioner = null;
        IReadOnlyList<GracePartition> partitions;
        using (partitioner)
        {
            partitions = partitioner.Finish(Context.Metrics);
        }

        try
        {
            EmitUnmatchableBuildRows(output);
            for (int p = 0; p < partitions.Count; p++)
            {
                GracePartition partition = partitions[p];
                JoinPartition(partition, 1, output);
            }
        }
        finally
        {
            foreach (GracePartition partition in partitions)
            {
                partition.Dispose();
            }
        }
    }

    private void EmitUnmatchableBuildRows(IBatchCollector output)
    {
        if (_unmatchableBuild is not { } file)
        {
            return;
        }

        _unmatchableBuild = null;
        using (file)
        {
            file.FinishWriting();
            Context.Metrics.AddSpill(file.Bytes);
            foreach (ColumnBatch batch in file.Read(Context.Pool))
            {
                using (batch)
                {
                    Matcher.EmitUnmatchedBuild(batch, output);
                }
            }
        }
    }

    /// <summary>Joins one partition pair in memory, or splits it once more when its build rows exceed the budget.</summary>
    private void JoinPartition(GracePartition partition, int depth, IBatchCollector output)
    {
        Context.Cancellation.ThrowIfCancellationRequested();
        if (partition.BuildRows == 0 && (partition.ProbeRows == 0 || !_roles.KeepsUnmatchedProbe))
        {
            return;
        }

        if (partition.ProbeRows == 0 && !_roles.KeepsUnmatchedBuild)
        {
            return;
        }

        long needed = partition.BuildBytes + (partition.BuildRows * JoinHashTable.BytesPerRow);
        if (Context.Budget.IsExceeded(needed) && !partition.SingleHash && depth < MaxSpillDepth)
        {
            Split(partition, depth, output);
            return;
        }

        var batches = new List<ColumnBatch>();
        JoinHashTable table;
        try
        {
            batches.AddRange(partition.Build.Read(Context.Pool));
            table = new JoinHashTable(new BuildSideRows(_buildSchema, batches, Context.Pool), _buildKeys);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }

        using (table)
        {
            Context.Metrics.ObserveMemory(table.MemoryBytes);
            foreach (ColumnBatch batch in partition.Probe.Read(Context.Pool))
            {
                using (batch)
                {
                    Probe(table, batch, output);
                }
            }

            Matcher.FinishBuild(table.Rows, output);
        }
    }

    private void Split(GracePartition partition, int depth, IBatchCollector output)
    {
        SpillDepth = Math.Max(SpillDepth, depth + 1);
        IReadOnlyList<GracePartition> children;
        using (var partitioner = new GracePartitioner(depth, _buildSchema, _probeSchema, _buildKeys, _probeKeys, Context))
        {
            foreach (ColumnBatch batch in partition.Build.Read(Context.Pool))
            {
                using (batch)
                {
                    partitioner.AddBuild(batch, AllRows(batch.Length));
                }
            }

            foreach (ColumnBatch batch in partition.Probe.Read(Context.Pool))
            {
                using (batch)
                {
                    partitioner.AddProbe(batch, AllRows(batch.Length));
                }
            }

            children = partitioner.Finish(Context.Metrics);
        }

        // The parent's files are no longer needed once its rows are in the children.
        partition.Dispose();
        try
        {
            foreach (GracePartition child in children)
            {
                JoinPartition(child, depth + 1, output);
                child.Dispose();
            }
        }
        finally
        {
            foreach (GracePartition child in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>Joins one probe batch against a table: candidates by hash (or exact integer-key matches), then matched a chunk at a time.</summary>
    /// <remarks>The per-batch arrays are the operator's and reused: batch-sized arrays would land on the large-object heap.</remarks>
    private void Probe(JoinHashTable table, ColumnBatch probe, IBatchCollector output)
    {
        int n = probe.Length;
        int words = Bits.WordCount(n);
        Span<ulong> live = Reuse(ref _probeLive, words);
        Span<ulong> matched = Reuse(ref _probeMatched, words);
        matched.Clear();
        KeyedRows.Live(probe, live);
        if (table.Rows.Count > 0)
        {
            Span<ulong> keyed = Reuse(ref _probeKeyed, words);
            KeyedRows.WithKeys(probe, _probeKeys, live, keyed);
            int chunk = Math.Max(1, Context.BatchRows);
            Span<int> probeRows = Reuse(ref _probeRows, chunk);
            Span<int> buildRows = Reuse(ref _buildRowsOfPairs, chunk);
            ProbeCursor cursor = ProbeCursor.Start;
            int found;
            if (table.IntegerKeyed)
            {
                ReadOnlySpan<long> keys = IntegerKeys.Read(probe.Column(_probeKeys[0]), n, ref _probeKeyValues);
                while ((found = table.FindMatches(keys, keyed, ref cursor, probeRows, buildRows)) > 0)
                {
                    Matcher.MatchPairs(probe, table.Rows, probeRows[..found], buildRows[..found], matched, output, keysEqual: true);
                }
            }
            else
            {
                Span<ulong> hashes = Reuse(ref _probeHashes, n);
                HashKernels.Hash([.. _probeKeys.Select(probe.Column)], hashes);
                while ((found = table.FindCandidates(hashes, keyed, ref cursor, probeRows, buildRows)) > 0)
                {
                    Matcher.MatchPairs(probe, table.Rows, probeRows[..found], buildRows[..found], matched, output, keysEqual: false);
                }
            }
        }

        Matcher.FinishProbeBatch(probe, live, matched, output);
    }

    private static Span<T> Reuse<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }

        return array.AsSpan(0, length);
    }

    private static ulong[] AllRows(int length)
    {
        ulong[] rows = new ulong[Bits.WordCount(length)];
        Bits.SetAll(rows, length);
        return rows;
    }

    private static void CheckKey(RowSchema schema, int column, string side, int k)
    {
        if ((uint)column >= (uint)schema.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"Join key {k} names {side} column {column}, but the {side} input has columns 0..{schema.Count - 1}.");
        }
    }

    public void Dispose()
    {
        _buildBatches.ForEach(b => b.Dispose());
        _buildBatches.Clear();
        _table?.Dispose();
        _table = null;
        _partitioner?.Dispose();
        _partitioner = null;
        _unmatchableBuild?.Dispose();
        _unmatchableBuild = null;
    }
}
