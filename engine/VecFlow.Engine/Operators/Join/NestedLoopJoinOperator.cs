using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Join;

/// <summary>A join without equality keys (cross joins, <c>a.x &lt; b.y</c>): every probe row meets every buffered build row.</summary>
/// <remarks>
/// The right input (input 0) is buffered whole; each left batch (input 1) is crossed with it a chunk of at most
/// <see cref="OperatorContext.BatchRows"/> pairs at a time, and the condition, evaluated over the chunk's gathered
/// left++right columns, keeps the matching pairs. All join kinds are supported; Right and Full emit the right rows
/// that never matched after the left input has ended. The buffered side is not spilled: the planner picks this
/// operator only for joins without equality keys, whose cost is the product of both sides anyway.
/// </remarks>
public sealed class NestedLoopJoinOperator : IBatchOperator
{
    private readonly JoinRoles _roles;
    private readonly RowSchema _left;
    private readonly RowSchema _right;
    private readonly Expr? _condition;
    private readonly List<ColumnBatch> _buildBatches = [];
    private OperatorContext? _context;
    private JoinMatcher? _matcher;
    private BuildSideRows? _build;
    private bool _buildEnded;

    public NestedLoopJoinOperator(JoinKind kind, RowSchema left, RowSchema right, Expr? condition)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        _roles = new JoinRoles(kind, JoinSide.Right);
        if (condition is not null && condition.Type.Kind != SqlTypeKind.Boolean)
        {
            throw new ArgumentException($"A join condition must be BOOLEAN, not {condition.Type}: {condition}.", nameof(condition));
        }

        _left = left;
        _right = right;
        _condition = condition;
        Kind = kind;
        OutputSchema = JoinRoles.OutputSchema(kind, left, right);
    }

    public string Name => "NestedLoopJoin";

    public JoinKind Kind { get; }

    /// <summary>Left columns then right columns (left only for Semi / Anti); the columns of an outer side are nullable.</summary>
    public RowSchema OutputSchema { get; }

    private OperatorContext Context => _context ?? throw new InvalidOperationException("NestedLoopJoin was used before Open.");

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _matcher = new JoinMatcher(_roles, _left, _right, OutputSchema, [], [], _condition, context);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        using (batch)
        {
            Context.Metrics.AddIn(batch.LiveCount);
            Context.Cancellation.ThrowIfCancellationRequested();
            if (input == 0 && !_buildEnded)
            {
                if (batch.LiveCount > 0)
                {
                    _buildBatches.Add(batch.Compact(Context.Pool));
                    Context.Metrics.ObserveMemory(_buildBatches.Sum(BatchFootprint.Bytes));
                }
            }
            else if (input == 1 && _buildEnded)
            {
                Probe(batch, output);
            }
            else
            {
                throw new InvalidOperationException(
                    $"NestedLoopJoin received a batch on input {input} {(_buildEnded ? "after" : "before")} its buffered input (input 0) ended; input 0 (right) comes first, then input 1 (left).");
            }
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (input == 0 || (input == 1 && !_buildEnded))
        {
            if (_buildEnded)
            {
                throw new InvalidOperationException("NestedLoopJoin's buffered input (input 0) ended twice.");
            }

            _buildEnded = true;
            try
            {
                _build = new BuildSideRows(_right, _buildBatches, Context.Pool);
            }
            finally
            {
                _buildBatches.ForEach(b => b.Dispose());
                _buildBatches.Clear();
            }
        }

        if (input == 1)
        {
            BuildSideRows build = _build!;
            _build = null;
            using (build)
            {
                _matcher!.FinishBuild(build, output);
            }
        }
        else if (input != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "A nested-loop join has inputs 0 (right, buffered) and 1 (left).");
        }
    }

    private void Probe(ColumnBatch probe, IBatchCollector output)
    {
        BuildSideRows build = _build!;
        int n = probe.Length;
        int words = Bits.WordCount(n);
        ulong[] live = new ulong[words];
        ulong[] matched = new ulong[words];
        KeyedRows.Live(probe, live);
        int m = build.Count;
        if (m > 0)
        {
            int chunk = Math.Max(1, Context.BatchRows);
            int[] probeRows = new int[chunk];
            int[] buildRows = new int[chunk];
            int[] liveRows = new int[Bits.PopCount(live)];
            Bits.ForEachSet(live, liveRows);
            int count = 0;
            foreach (int row in liveRows)
            {
                for (int r = 0; r < m; r++)
                {
                    probeRows[count] = row;
                    buildRows[count] = r;
                    if (++count == chunk)
                    {
                        _matcher!.MatchPairs(probe, build, probeRows, buildRows, matched, output);
                        count = 0;
                    }
                }
            }

            _matcher!.MatchPairs(probe, build, probeRows.AsSpan(0, count), buildRows.AsSpan(0, count), matched, output);
        }

        _matcher!.FinishProbeBatch(probe, live, matched, output);
    }

    public void Dispose()
    {
        _buildBatches.ForEach(b => b.Dispose());
        _buildBatches.Clear();
        _build?.Dispose();
        _build = null;
    }
}
