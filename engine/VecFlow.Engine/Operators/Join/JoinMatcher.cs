using System.Numerics;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Join;

/// <summary>
/// The part of a join shared by its physical forms: decides which candidate (probe row, build row) pairs match and
/// turns matches and non-matches into output batches for the join kind.
/// </summary>
/// <remarks>
/// A chunk of candidate pairs becomes one batch of left++right columns gathered with <see cref="GatherKernels"/>; the
/// keys are compared column against column with the comparison kernels (NULL never equals) and the residual condition
/// is evaluated over that batch, so a pair matches only where both are TRUE. Matched pairs leave as that same batch
/// with a selection. Rows of one side without a match are gathered and padded with NULL columns of the other side.
/// </remarks>
internal sealed class JoinMatcher
{
    private readonly JoinRoles _roles;
    private readonly RowSchema _left;
    private readonly RowSchema _right;
    private readonly IReadOnlyList<string> _pairNames;
    private readonly IReadOnlyList<int> _probeKeys;
    private readonly IReadOnlyList<int> _buildKeys;
    private readonly Expr? _condition;
    private readonly OperatorContext _context;
    private readonly BufferPool _pool;
    private readonly ExpressionEvaluator _evaluator;
    private int[] _alignedBuildRows = [];

    public JoinMatcher(
        JoinRoles roles,
        RowSchema left,
        RowSchema right,
        RowSchema output,
        IReadOnlyList<int> probeKeys,
        IReadOnlyList<int> buildKeys,
        Expr? condition,
        OperatorContext context)
    {
        _roles = roles;
        _left = left;
        _right = right;
        Output = output;
        _pairNames = [.. left.Names, .. right.Names];
        _probeKeys = probeKeys;
        _buildKeys = buildKeys;
        _condition = condition;
        _context = context;
        _pool = context.Pool;
        _evaluator = new ExpressionEvaluator(_pool);
    }

    public RowSchema Output { get; }

    /// <summary>
    /// Keeps the candidate pairs whose keys are equal and whose condition is TRUE, records them in
    /// <paramref name="probeMatched"/> (and the build rows' matched bitmap) and emits them when the kind outputs pairs.
    /// <paramref name="keysEqual"/> says the pairs are known to have equal keys (an exact index found them).
    /// </summary>
    public void MatchPairs(
        ColumnBatch probe,
        BuildSideRows build,
        ReadOnlySpan<int> probeRows,
        ReadOnlySpan<int> buildRows,
        Span<ulong> probeMatched,
        IBatchCollector output,
        bool keysEqual = false)
    {
        int count = probeRows.Length;
        if (count == 0)
        {
            return;
        }

        if (keysEqual && _condition is null)
        {
            MatchEqualPairs(probe, build, probeRows, buildRows, probeMatched, output);
            return;
        }

        bool needsPairs = _roles.EmitsPairs || _condition is not null;
        using ColumnBatch? pairs = needsPairs ? GatherPairs(probe, build, probeRows, buildRows) : null;
        Selection? matches = Selection.All(count, _pool);
        try
        {
            for (int k = 0; k < _probeKeys.Count && !keysEqual; k++)
            {
                NarrowToEqualKeys(matches, pairs, probe, build, probeRows, buildRows, k);
            }

            if (_condition is not null && matches.Count > 0)
            {
                using ColumnBatch candidates = pairs!.WithSelection(matches);
                matches = null;
                matches = _evaluator.Filter(_condition, candidates);
            }

            RecordMatches(matches.Words, probeRows, buildRows, probeMatched, build);
            int matched = matches.Count;
            if (_roles.EmitsPairs && matched > 0)
            {
                if (matched == count)
                {
                    Emit(pairs!.Retain(), output);
                }
                else
                {
                    Selection live = matches;
                    matches = null;
                    Emit(pairs!.WithSelection(live), output);
                }
            }
        }
        finally
        {
            matches?.Dispose();
        }
    }

    /// <summary>Pairs that all match (equal keys, no condition): recorded, and emitted without a key comparison.</summary>
    private void MatchEqualPairs(
        ColumnBatch probe,
        BuildSideRows build,
        ReadOnlySpan<int> probeRows,
        ReadOnlySpan<int> buildRows,
        Span<ulong> probeMatched,
        IBatchCollector output)
    {
        if (_roles.ProbeSemi || _roles.KeepsUnmatchedProbe || _roles.TracksBuildMatches)
        {
            bool tracksBuild = _roles.TracksBuildMatches;
            Span<ulong> buildMatched = build.Matched;
            for (int j = 0; j < probeRows.Length; j++)
            {
                Bits.Set(probeMatched, probeRows[j]);
                if (tracksBuild)
                {
                    Bits.Set(buildMatched, buildRows[j]);
                }
            }
        }

        if (!_roles.EmitsPairs)
        {
            return;
        }

        // Aligned output batches are as long as the probe batch, which must then respect the batch-size limit.
        if (probe.Length > Math.Max(1, _context.BatchRows) || !IsIncreasing(probeRows))
        {
            Emit(GatherPairs(probe, build, probeRows, buildRows), output);
            return;
        }

        Emit(AlignedPairs(probe, build, probeRows, buildRows), output);
    }

    /// <summary>
    /// The pairs of probe rows that each appear once, as the probe batch's own columns (shared, not copied) next to the
    /// build columns gathered into the matched rows' positions, with a selection of those rows when not all matched.
    /// </summary>
    private ColumnBatch AlignedPairs(ColumnBatch probe, BuildSideRows build, ReadOnlySpan<int> probeRows, ReadOnlySpan<int> buildRows)
    {
        int n = probe.Length;
        ReadOnlySpan<int> aligned = buildRows;
        if (probeRows.Length < n)
        {
            // Increasing probe rows as many as the batch's are its rows 0..n-1, already aligned; fewer are spread out.
            aligned = AlignedBuildRows(n, probeRows, buildRows);
        }

        var columns = new List<ColumnVector>(_left.Count + _right.Count);
        Selection? selection = null;
        try
        {
            bool buildIsLeft = _roles.BuildIsLeft;
            IReadOnlyList<ColumnVector> first = buildIsLeft ? build.Columns : probe.Columns;
            IReadOnlyList<ColumnVector> second = buildIsLeft ? probe.Columns : build.Columns;
            for (int c = 0; c < first.Count; c++)
            {
                columns.Add(buildIsLeft ? AlignedBuildColumn(probe, build, c, aligned) : first[c].Share());
            }

            for (int c = 0; c < second.Count; c++)
            {
                columns.Add(buildIsLeft ? second[c].Share() : AlignedBuildColumn(probe, build, c, aligned));
            }

            if (probeRows.Length < n)
            {
                selection = Selection.FromIndices(probeRows, n, _pool);
            }

            return new ColumnBatch(_pairNames, columns, n, selection);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            selection?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The build row of each probe row of the batch; rows without a match point at build row 0 (there is one: a row
    /// matched), which the selection hides.
    /// </summary>
    private Span<int> AlignedBuildRows(int n, ReadOnlySpan<int> probeRows, ReadOnlySpan<int> buildRows)
    {
        if (_alignedBuildRows.Length < n)
        {
            _alignedBuildRows = new int[n];
        }

        Span<int> aligned = _alignedBuildRows.AsSpan(0, n);
        aligned.Clear();
        for (int j = 0; j < probeRows.Length; j++)
        {
            aligned[probeRows[j]] = buildRows[j];
        }

        return aligned;
    }

    /// <summary>
    /// Build column <paramref name="c"/> in the probe rows' positions. A build key column of the probe key's type is the
    /// probe key column itself: every visible row matched, so its build key equals its probe key.
    /// </summary>
    private ColumnVector AlignedBuildColumn(ColumnBatch probe, BuildSideRows build, int c, ReadOnlySpan<int> aligned)
    {
        ColumnVector column = build.Columns[c];
        for (int k = 0; k < _buildKeys.Count; k++)
        {
            if (_buildKeys[k] == c && probe.Column(_probeKeys[k]).Type == column.Type)
            {
                return probe.Column(_probeKeys[k]).Share();
            }
        }

        return GatherKernels.Gather(column, aligned, _pool);
    }

    private static bool IsIncreasing(ReadOnlySpan<int> rows)
    {
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i] <= rows[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>After all candidates of a probe batch: its unmatched (outer, anti) or matched (semi) rows.</summary>
    public void FinishProbeBatch(ColumnBatch probe, ReadOnlySpan<ulong> live, ReadOnlySpan<ulong> probeMatched, IBatchCollector output)
    {
        if (_roles.ProbeSemi)
        {
            EmitSideRows(probe.Columns, probe.Length, probeMatched, sideIsLeft: true, output);
        }
        else if (_roles.KeepsUnmatchedProbe)
        {
            ulong[] unmatched = new ulong[Bits.WordCount(probe.Length)];
            Bits.AndNot(live, probeMatched, unmatched);
            EmitSideRows(probe.Columns, probe.Length, unmatched, sideIsLeft: !_roles.BuildIsLeft, output);
        }
    }

    /// <summary>After the probe side ended: the build rows without a match (outer, anti) or with one (semi).</summary>
    public void FinishBuild(BuildSideRows build, IBatchCollector output)
    {
        if (build.Count == 0)
        {
            return;
        }

        if (_roles.BuildSemi)
        {
            EmitSideRows(build.Columns, build.Count, build.Matched, sideIsLeft: true, output);
        }
        else if (_roles.KeepsUnmatchedBuild)
        {
            ulong[] unmatched = new ulong[Bits.WordCount(build.Count)];
            Bits.Not(build.Matched, unmatched, build.Count);
            EmitSideRows(build.Columns, build.Count, unmatched, sideIsLeft: _roles.BuildIsLeft, output);
        }
    }

    /// <summary>Build rows that can never match (NULL keys) as unmatched build rows, for outer and anti kinds.</summary>
    public void EmitUnmatchedBuild(ColumnBatch build, IBatchCollector output)
    {
        if (!_roles.KeepsUnmatchedBuild || build.LiveCount == 0)
        {
            return;
        }

        ulong[] live = new ulong[Bits.WordCount(build.Length)];
        KeyedRows.Live(build, live);
        EmitSideRows(build.Columns, build.Length, live, sideIsLeft: _roles.BuildIsLeft, output);
    }

    public void Emit(ColumnBatch batch, IBatchCollector output)
    {
        _context.Metrics.AddOut(batch.LiveCount);
        output.Collect(batch);
    }

    private ColumnBatch GatherPairs(ColumnBatch probe, BuildSideRows build, ReadOnlySpan<int> probeRows, ReadOnlySpan<int> buildRows)
    {
        var columns = new List<ColumnVector>(_left.Count + _right.Count);
        try
        {
            bool buildIsLeft = _roles.BuildIsLeft;
            for (int c = 0; c < _left.Count; c++)
            {
                columns.Add(buildIsLeft ? GatherKernels.Gather(build.Columns[c], buildRows, _pool) : GatherKernels.Gather(probe.Column(c), probeRows, _pool));
            }

            for (int c = 0; c < _right.Count; c++)
            {
                columns.Add(buildIsLeft ? GatherKernels.Gather(probe.Column(c), probeRows, _pool) : GatherKernels.Gather(build.Columns[c], buildRows, _pool));
            }

            return new ColumnBatch(_pairNames, columns, probeRows.Length);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    private void NarrowToEqualKeys(
        Selection matches,
        ColumnBatch? pairs,
        ColumnBatch probe,
        BuildSideRows build,
        ReadOnlySpan<int> probeRows,
        ReadOnlySpan<int> buildRows,
        int k)
    {
        ColumnVector? probeKey = null;
        ColumnVector? buildKey = null;
        try
        {
            if (pairs is not null)
            {
                int probeOffset = _roles.BuildIsLeft ? _left.Count : 0;
                int buildOffset = _roles.BuildIsLeft ? 0 : _left.Count;
                probeKey = pairs.Column(probeOffset + _probeKeys[k]).Share();
                buildKey = pairs.Column(buildOffset + _buildKeys[k]).Share();
            }
            else
            {
                probeKey = GatherKernels.Gather(probe.Column(_probeKeys[k]), probeRows, _pool);
                buildKey = GatherKernels.Gather(build.Columns[_buildKeys[k]], buildRows, _pool);
            }

            using ColumnVector equal = ComparisonKernels.Compare(probeKey, ComparisonOp.Equal, buildKey, _pool);
            matches.IntersectInPlace(equal.BooleanWords);
            if (equal.HasNulls)
            {
                matches.IntersectInPlace(equal.Validity);
            }
        }
        finally
        {
            probeKey?.Dispose();
            buildKey?.Dispose();
        }
    }

    private void RecordMatches(ReadOnlySpan<ulong> matches, ReadOnlySpan<int> probeRows, ReadOnlySpan<int> buildRows, Span<ulong> probeMatched, BuildSideRows build)
    {
        bool tracksBuild = _roles.TracksBuildMatches;
        Span<ulong> buildMatched = build.Matched;
        for (int w = 0; w < matches.Length; w++)
        {
            ulong word = matches[w];
            while (word != 0)
            {
                int j = (w << 6) + BitOperations.TrailingZeroCount(word);
                Bits.Set(probeMatched, probeRows[j]);
                if (tracksBuild)
                {
                    Bits.Set(buildMatched, buildRows[j]);
                }

                word &= word - 1;
            }
        }
    }

    /// <summary>
    /// Emits the rows set in <paramref name="rows"/> of one side, in chunks of at most BatchRows: alone for Semi / Anti
    /// (that side is then the left one), else padded with NULL columns for the other side.
    /// </summary>
    private void EmitSideRows(IReadOnlyList<ColumnVector> side, int length, ReadOnlySpan<ulong> rows, bool sideIsLeft, IBatchCollector output)
    {
        int total = Bits.PopCount(rows[..Bits.WordCount(length)]);
        if (total == 0)
        {
            return;
        }

        int[] indices = new int[total];
        Bits.ForEachSet(rows[..Bits.WordCount(length)], indices);
        bool alone = _roles.Kind is JoinKind.Semi or JoinKind.Anti;
        int chunkRows = Math.Max(1, _context.BatchRows);
        for (int start = 0; start < total; start += chunkRows)
        {
            ReadOnlySpan<int> chunk = indices.AsSpan(start, Math.Min(chunkRows, total - start));
            var columns = new List<ColumnVector>(Output.Count);
            try
            {
                if (!alone && !sideIsLeft)
                {
                    AddNullColumns(_left, chunk.Length, columns);
                }

                foreach (ColumnVector column in side)
                {
                    columns.Add(GatherKernels.Gather(column, chunk, _pool));
                }

                if (!alone && sideIsLeft)
                {
                    AddNullColumns(_right, chunk.Length, columns);
                }
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }

            Emit(new ColumnBatch(Output.Names, columns, chunk.Length), output);
        }
    }

    private void AddNullColumns(RowSchema schema, int rows, List<ColumnVector> columns)
    {
        foreach (Field field in schema.Fields)
        {
            columns.Add(ColumnFactory.Constant(field.Type.WithNullable(true), null, rows, _pool));
        }
    }
}
