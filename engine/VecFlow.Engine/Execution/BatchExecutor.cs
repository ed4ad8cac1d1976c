using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Operators.Calc;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Execution;

/// <summary>Runs a logical plan as a bounded batch job: sources push batches through operator chains; blocking operators emit when their inputs end.</summary>
/// <remarks>
/// Each plan node becomes one operator instance; a join's build side runs to completion before its probe side starts,
/// and adjacent filters and projections fuse into one <see cref="CalcOperator"/>. Operator metrics are kept per node
/// for progress display and EXPLAIN ANALYZE.
/// </remarks>
public sealed class BatchExecutor(ExecutionSettings settings)
{
    private readonly List<(string Name, OperatorContext Context)> _operators = [];
    private int _operatorCount;

    /// <summary>Every operator that ran, with its metrics, in the order they were opened.</summary>
    public IReadOnlyList<(string Name, OperatorContext Context)> Operators => _operators;

    /// <summary>Runs <paramref name="root"/>, handing each result batch to <paramref name="output"/>.</summary>
    public void Run(LogicalNode root, IBatchCollector output) => Push(root, output);

    private OperatorContext NewContext(string name)
    {
        string spill = Path.Combine(settings.SpillDirectory, $"{Interlocked.Increment(ref _operatorCount)}-{name}");
        var context = new OperatorContext(settings.Pool, new MemoryBudget(settings.MemoryPerOperator), spill, 0, 1, settings.Cancellation) { BatchRows = settings.BatchRows };
        _operators.Add((name, context));
        return context;
    }

    private void Push(LogicalNode node, IBatchCollector output)
    {
        settings.Cancellation.ThrowIfCancellationRequested();
        switch (node)
        {
            case ScanNode scan:
                RunScan(scan, output);
                break;
            case ValuesNode values:
                RunValues(values, output);
                break;
            case FilterNode or ProjectNode:
                RunCalc(node, output);
                break;
            case UnionNode union:
                foreach (LogicalNode branch in union.Branches)
                {
                    Push(branch, new DelegateCollector(b => output.Collect(Rename(b, union.Schema))));
                }

                break;
            case SinkNode sink:
                RunSink(sink);
                break;
            default:
                RunOperator(node, output);
                break;
        }
    }

    private void RunOperator(LogicalNode node, IBatchCollector output)
    {
        PhysicalOperator physical = PhysicalOperators.Create(node);
        using IBatchOperator op = physical.Operator;
        op.Open(NewContext(op.Name));
        for (int input = 0; input < physical.Feeds.Count; input++)
        {
            // Operator input 0 runs to completion first (a join's build side), then input 1.
            Push(node.Inputs[physical.Feeds[input]], new OperatorInput(op, input, output));
            op.EndInput(input, output);
        }
    }

    private void RunCalc(LogicalNode node, IBatchCollector output)
    {
        // Fuse Project(Filter(x)) and Filter(x) into one pass.
        Expr? condition = null;
        IReadOnlyList<Expr>? projections = null;
        LogicalNode input;
        if (node is ProjectNode project)
        {
            projections = project.Expressions;
            input = project.Input;
            if (input is FilterNode filter)
            {
                condition = filter.Condition;
                input = filter.Input;
            }
        }
        else
        {
            var filter = (FilterNode)node;
            condition = filter.Condition;
            input = filter.Input;
        }

        using var calc = new CalcOperator(node.Schema, condition, projections);
        calc.Open(NewContext(calc.Name));
        Push(input, new OperatorInput(calc, 0, output));
        calc.EndInput(0, output);
    }

    private void RunScan(ScanNode scan, IBatchCollector output)
    {
        CatalogTable table = scan.Table;
        TableContext context = Describe(table);
        ITableSource source = settings.Connector(table, context).CreateSource(context);
        if (!source.IsBounded)
        {
            throw new ConnectorException($"Table '{table.Name}' is unbounded, so a batch job cannot read it to the end; bound it (e.g. 'events.num' or 'number-of-rows') or run in streaming mode.");
        }

        OperatorContext operatorContext = NewContext($"Scan({table.Name})");
        foreach (SourceSplit split in source.PlanSplits(settings.Parallelism))
        {
            using ISourceReader reader = source.Open(split, scan.Columns, operatorContext, scan.Predicates);
            while (reader.Read(settings.BatchRows) is { } batch)
            {
                settings.Cancellation.ThrowIfCancellationRequested();
                operatorContext.Metrics.AddOut(batch.LiveCount);
                output.Collect(batch);
            }
        }
    }

    internal static TableContext Describe(CatalogTable table) =>
        new(table.Name, table.PhysicalSchema, new ConnectorOptions(table.Name, table.Options), table.PartitionKeys, table.PrimaryKey);

    private void RunValues(ValuesNode values, IBatchCollector output)
    {
        OperatorContext context = NewContext("Values");
        foreach (var row in values.Rows)
        {
            var columns = row.Select(v => ColumnFactory.Constant(v.Type, v.Value, 1, settings.Pool)).ToList();
            var batch = new ColumnBatch(values.Schema.Names, columns, 1);
            context.Metrics.AddOut(1);
            output.Collect(batch);
        }
    }

    private void RunSink(SinkNode sink)
    {
        TableContext context = Describe(sink.Table);
        ITableSink tableSink = settings.Connector(sink.Table, context).CreateSink(context);
        OperatorContext operatorContext = NewContext($"Sink({sink.Table.Name})");
        using ISinkWriter writer = tableSink.Open(operatorContext);
        Push(sink.Input, new DelegateCollector(batch =>
        {
            operatorContext.Metrics.AddIn(batch.LiveCount);
            writer.Write(Rename(batch, sink.Table.PhysicalSchema));
        }));
        writer.Finish();
    }

    /// <summary>The batch with the schema's column names (a union's branches and a sink's input may name columns differently).</summary>
    private ColumnBatch Rename(ColumnBatch batch, RowSchema schema)
    {
        if (batch.Names.SequenceEqual(schema.Names))
        {
            return batch;
        }

        using (batch)
        {
            return new ColumnBatch(schema.Names, [.. batch.Columns.Select(c => c.Share())], batch.Length, batch.Selection?.Clone(settings.Pool), batch.RowKinds?.Share());
        }
    }
}
