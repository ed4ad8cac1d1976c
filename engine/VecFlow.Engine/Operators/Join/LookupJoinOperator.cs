using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Operators.Calc;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Join;

/// <summary>
/// A processing-time temporal join in streaming mode: reads the lookup table once when it opens, keeps it in a hash
/// table, and joins each probe batch as it arrives (append-only output).
/// </summary>
/// <remarks>
/// <para>Flink's filesystem lookup source does the same: every subtask loads the whole table at start and never sees
/// later changes to the files. The loaded table is not operator state: it is derived from the files, so a restored job
/// reads it again instead of keeping it in checkpoints.</para>
/// <para>The right side of <see cref="JoinNode"/> is the table's scan under the filters and projections the optimizer
/// left over it; they run here on the loaded rows. The table is held in memory whatever the budget: a probe row must
/// find its partners when it arrives, so spilling would change the answer.</para>
/// </remarks>
public sealed class LookupJoinOperator : IBatchOperator
{
    private readonly HashJoinOperator _hash;
    private readonly ScanNode _scan;
    private readonly List<LogicalNode> _steps = [];
    private OperatorContext? _context;

    public LookupJoinOperator(JoinNode join)
    {
        ArgumentNullException.ThrowIfNull(join);
        LogicalNode node = join.Right;
        while (node is FilterNode or ProjectNode)
        {
            _steps.Insert(0, node);
            node = node.Inputs[0];
        }

        _scan = node as ScanNode
            ?? throw new NotSupportedException($"not supported in streaming mode: a temporal join whose table side is {node.Describe()}; the table side must be a table read as it is");
        _hash = new HashJoinOperator(join.Kind, join.Left.Schema, join.Right.Schema, join.LeftKeys, join.RightKeys, join.Condition, JoinSide.Right);
    }

    public string Name => "LookupJoin";

    /// <summary>The table this join looks rows up in.</summary>
    public CatalogTable Table => _scan.Table;

    /// <summary>Rows of the table loaded (after its filters).</summary>
    public long TableRows { get; private set; }

    private OperatorContext Context => _context ?? throw new InvalidOperationException("LookupJoin was used before Open.");

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Func<CatalogTable, ITableSource> sources = context.TableSources
            ?? throw new InvalidOperationException("A lookup join reads its table itself, but the runtime opened it without OperatorContext.TableSources.");
        var cacheContext = new OperatorContext(context.Pool, MemoryBudget.Unlimited, context.SpillDirectory, context.Subtask, context.Parallelism, context.Cancellation)
        {
            BatchRows = context.BatchRows,
        };
        _hash.Open(cacheContext);
        Load(sources(_scan.Table));
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Context.Metrics.AddIn(batch.LiveCount);
        _hash.Process(1, batch, new CountingCollector(output, Context.Metrics));
    }

    public void EndInput(int input, IBatchCollector output) => _hash.EndInput(1, new CountingCollector(output, Context.Metrics));

    public void Dispose() => _hash.Dispose();

    /// <summary>Reads every split of the table through the steps over the scan into the hash join's build side.</summary>
    private void Load(ITableSource source)
    {
        if (!source.IsBounded)
        {
            throw new NotSupportedException($"not supported: a temporal join against table '{_scan.Table.Name}', which is unbounded; the looked-up table must be bounded (a filesystem table)");
        }

        var calcs = _steps.Select(Calc).ToList();
        try
        {
            foreach (CalcOperator calc in calcs)
            {
                calc.Open(Context);
            }

            var build = new BuildCollector(this);
            IBatchCollector head = build;
            for (int i = calcs.Count - 1; i >= 0; i--)
            {
                head = new StepCollector(calcs[i], head);
            }

            foreach (SourceSplit split in source.PlanSplits(1))
            {
                using ISourceReader reader = source.Open(split, _scan.Columns, Context, _scan.Predicates);
                while (reader.Read(Context.BatchRows) is { } batch)
                {
                    Context.Cancellation.ThrowIfCancellationRequested();
                    head.Collect(batch);
                }
            }

            _hash.EndInput(0, build);
        }
        finally
        {
            calcs.ForEach(c => c.Dispose());
        }
    }

    private static CalcOperator Calc(LogicalNode step) => step switch
    {
        FilterNode filter => new CalcOperator(filter.Schema, filter.Condition, null),
        ProjectNode project => new CalcOperator(project.Schema, null, project.Expressions),
        _ => throw new ArgumentException($"A lookup table step is a filter or a projection, not {step.Describe()}.", nameof(step)),
    };

    /// <summary>Hands the loaded rows to the hash join's build input.</summary>
    private sealed class BuildCollector(LookupJoinOperator owner) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            owner.TableRows += batch.LiveCount;
            owner._hash.Process(0, batch, this);
        }
    }

    /// <summary>Runs one filter or projection over the table's rows on their way to the build side.</summary>
    private sealed class StepCollector(CalcOperator calc, IBatchCollector next) : IBatchCollector
    {
        public void Collect(ColumnBatch batch) => calc.Process(0, batch, next);
    }

    /// <summary>Counts the rows the join emits for this operator's metrics.</summary>
    private sealed class CountingCollector(IBatchCollector output, OperatorMetrics metrics) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            metrics.AddOut(batch.LiveCount);
            output.Collect(batch);
        }
    }
}
