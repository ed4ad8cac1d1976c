using System.Diagnostics;
using VecFlow.Engine.Catalog;
using VecFlow.Engine.Catalog.Functions;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Execution;
using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using VecFlow.State.Checkpoints;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Sessions;

/// <summary>Runs SQL scripts embedded in this process: DDL into a session catalog, SET into settings, INSERT and SELECT as batch jobs.</summary>
/// <remarks>
/// Errors a user can fix come out as <see cref="Sql.Errors.SqlParseException"/>, <see cref="SqlValidationException"/>,
/// <see cref="ConnectorException"/> or <see cref="Vector.Errors.SqlRuntimeException"/>, each with a one-line message.
/// </remarks>
public sealed partial class SqlSession : IDisposable
{
    private readonly string _workDirectory;
    private readonly bool _ownsWorkDirectory;
    private volatile RunningStatement? _running;
    private int _statementIndex;

    public SqlSession(IReadOnlyDictionary<string, string>? variables = null, string? workDirectory = null, BufferPool? pool = null)
    {
        Variables = variables ?? new Dictionary<string, string>();
        _ownsWorkDirectory = workDirectory is null;
        _workDirectory = workDirectory ?? Path.Combine(Path.GetTempPath(), "vecflow", $"session-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Pool = pool ?? new BufferPool("session");
    }

    public SessionCatalog Catalog { get; } = new();

    public SessionSettings Settings { get; } = new();

    public IReadOnlyDictionary<string, string> Variables { get; }

    public BufferPool Pool { get; }

    /// <summary>The connectors tables can use; <see cref="ConnectorRegistry.Register"/> adds more.</summary>
    public ConnectorRegistry Connectors { get; } = new();

    /// <summary>Called after each statement of a script has run, with its result (for progress display).</summary>
    public Action<StatementResult>? StatementFinished { get; set; }

    /// <summary>Cancels cooperatively: checked between statements and by the executor between batches (an <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>The statement running now and its operators' live metrics, for progress display from another thread; null between statements, the failed one after a failure.</summary>
    public RunningStatement? Running => _running;

    /// <summary>The savepoint a streaming statement was stopped with (<see cref="RunningStatement.StopWithSavepoint"/>); the script ends there.</summary>
    public string? StoppedWithSavepoint { get; private set; }

    /// <summary>Runs every statement of <paramref name="script"/> in order.</summary>
    public IReadOnlyList<StatementResult> Execute(string script)
    {
        SqlScript parsed = SqlParser.ParseScript(script, Variables);
        var results = new List<StatementResult>();
        for (int i = 0; i < parsed.Statements.Count; i++)
        {
            Cancellation.ThrowIfCancellationRequested();
            _statementIndex = i;
            StatementResult result = Execute(parsed.Statements[i]);
            results.Add(result);
            StatementFinished?.Invoke(result);
            // Cleared after StatementFinished, so an observer sees the statement either live or finished, never neither;
            // kept after a failure, so the caller can see how far the failed statement got.
            _running = null;
            if (StoppedWithSavepoint is not null)
            {
                // Stopping with a savepoint stops the job: the rest of the script does not run.
                break;
            }
        }

        return results;
    }

    /// <summary>Runs one query and returns all its rows.</summary>
    public QueryResult Query(string sql)
    {
        QueryExpression query = SqlParser.ParseQuery(sql, Variables);
        return RunQuery(query).Result!;
    }

    /// <summary>The plans of a statement, as EXPLAIN prints them.</summary>
    public string Explain(string sql) => Explain(SqlParser.ParseStatement(sql, Variables));

    private StatementResult Execute(SqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement { AsQuery: not null } createAs:
                return CreateTableAs(createAs);
            case CreateTableStatement create:
                if (Catalog.Contains(create.Name.Last.Value))
                {
                    return create.IfNotExists
                        ? new StatementResult("CREATE TABLE", $"Table '{create.Name.Last.Value}' already exists; skipped.")
                        : throw new SqlValidationException(create.Name.Span, $"a table or view named '{create.Name.Last.Value}' already exists");
                }

                Catalog.Add(TableDefinition.Bind(create, Catalog));
                return new StatementResult("CREATE TABLE", $"Created table '{create.Name.Last.Value}'.");
            case CreateViewStatement view:
                if (Catalog.Contains(view.Name.Last.Value))
                {
                    return view.IfNotExists
                        ? new StatementResult("CREATE VIEW", $"View '{view.Name.Last.Value}' already exists; skipped.")
                        : throw new SqlValidationException(view.Name.Span, $"a table or view named '{view.Name.Last.Value}' already exists");
                }

                var catalogView = new CatalogView(view.Name.Last.Value, [.. view.Columns.Select(c => c.Value)], view.Query);
                // Bind once now so mistakes are reported where the view is defined.
                LogicalNode bound = new QueryBinder(Catalog).Bind(view.Query);
                if (catalogView.ColumnNames.Count > 0 && catalogView.ColumnNames.Count != bound.Schema.Count)
                {
                    throw new SqlValidationException(view.Span, $"view '{catalogView.Name}' names {catalogView.ColumnNames.Count} columns but its query has {bound.Schema.Count}");
                }

                Catalog.Add(catalogView);
                return new StatementResult("CREATE VIEW", $"Created view '{catalogView.Name}'.");
            case DropStatement { Kind: DropObjectKind.Function } drop:
                if (!Catalog.DropFunction(drop.Name.Last.Value) && !drop.IfExists)
                {
                    throw new SqlValidationException(drop.Name.Span, $"there is no function '{drop.Name.Last.Value}' to drop; functions: {(Catalog.Functions.Any() ? string.Join(", ", Catalog.Functions.Select(f => f.Name)) : "none")}");
                }

                return new StatementResult("DROP FUNCTION", $"Dropped function '{drop.Name.Last.Value}'.");
            case DropStatement drop:
                if (!Catalog.Drop(drop.Name.Last.Value) && !drop.IfExists)
                {
                    throw new SqlValidationException(drop.Name.Span, $"there is no table or view '{drop.Name.Last.Value}' to drop");
                }

                return new StatementResult("DROP", $"Dropped '{drop.Name.Last.Value}'.");
            case SetStatement set when set.Key is null:
                return new StatementResult("SET", string.Join(Environment.NewLine, Settings.Values.Select(kv => $"'{kv.Key}' = '{kv.Value}'")));
            case SetStatement set:
                try
                {
                    Settings.Set(set.Key!.Value, set.Value?.Value ?? string.Empty);
                }
                catch (ArgumentException e)
                {
                    throw new SqlValidationException(set.Span, e.Message.TrimEnd('.'));
                }

                return new StatementResult("SET", $"Set '{set.Key!.Value}' = '{set.Value?.Value}'.");
            case ResetStatement reset:
                Settings.Reset(reset.Key?.Value);
                return new StatementResult("RESET", "Reset.");
            case QueryStatement query:
                return RunQuery(query.Query);
            case InsertStatement insert:
                return RunInserts([insert]);
            case StatementSetStatement set:
                return RunInserts(set.Inserts);
            case ExplainStatement explain:
                return new StatementResult("EXPLAIN", Explain(explain.Statement));
            case CreateFunctionStatement function:
                return CreateFunction(function);
            default:
                throw new SqlValidationException(statement.Span, $"not supported: the statement {statement.GetType().Name.Replace("Statement", string.Empty, StringComparison.Ordinal)}");
        }
    }

    private StatementResult CreateFunction(CreateFunctionStatement function)
    {
        string name = function.Name.Last.Value;
        if (function.Language is { } language && language != FunctionLanguage.CSharp)
        {
            throw new SqlValidationException(function.Span, $"not supported: LANGUAGE {language.ToString().ToUpperInvariant()}; VecFlow runs user functions written for .NET (LANGUAGE CSHARP or no LANGUAGE clause)");
        }

        if (function.Jars.Count > 1)
        {
            throw new SqlValidationException(function.Jars[1].Span, "USING JAR takes one assembly for a function; put the function's class in one .dll");
        }

        if (Catalog.FindFunction(name) is not null)
        {
            return function.IfNotExists
                ? new StatementResult("CREATE FUNCTION", $"Function '{name}' already exists; skipped.")
                : throw new SqlValidationException(function.Name.Span, $"a function named '{name}' already exists; DROP FUNCTION it first");
        }

        UserFunction created;
        try
        {
            created = UserFunction.Load(name, function.ClassName.Value, function.Jars.Count == 1 ? function.Jars[0].Value : null, function.Scope == FunctionScope.TemporarySystem);
        }
        catch (UserFunctionException e)
        {
            throw new SqlValidationException(function.ClassName.Span, e.Message);
        }

        Catalog.Add(created);
        return new StatementResult("CREATE FUNCTION", $"Created function '{name}' ({created.Type.FullName}).");
    }

    private bool Streaming => Settings.Mode == "streaming";

    /// <summary>The optimized plan of a query for the session's mode (streaming rewrites window aggregates).</summary>
    private LogicalNode Plan(LogicalNode bound) => ForMode(LogicalOptimizer.Optimize(bound));

    private LogicalNode ForMode(LogicalNode optimized) =>
        Streaming
            ? StreamPlanning.Prepare(optimized, Settings.StreamPlanning)
            : BatchRules(optimized, SourceOf());

    private LogicalNode BatchRules(LogicalNode optimized, Func<CatalogTable, ITableSource?> source) =>
        TopNDynamicFilters.Apply(
            BroadcastJoinRule.Apply(ExactScanFilters.Apply(optimized, (table, predicate) => source(table)?.AppliesExactly(predicate) ?? false), BroadcastThresholdBytes),
            (table, column) => source(table)?.AppliesDynamicFilter(column) ?? false);

    /// <summary>Each table's source, created once per plan, so rules can ask it what it applies; a table whose source cannot be created has none (and fails when run).</summary>
    private Func<CatalogTable, ITableSource?> SourceOf()
    {
        var sources = new Dictionary<CatalogTable, ITableSource?>(ReferenceEqualityComparer.Instance);
        return table =>
        {
            if (!sources.TryGetValue(table, out ITableSource? source))
            {
                try
                {
                    TableContext context = JobExecutor.Describe(table);
                    source = Factory(table, context).CreateSource(context);
                }
                catch (ConnectorException)
                {
                    source = null;
                }

                sources[table] = source;
            }

            return source;
        };
    }

    private StatementResult RunQuery(QueryExpression query)
    {
        if (Streaming && CheckpointingOptions.From(Settings.Values).RestorePath is { } path)
        {
            throw new SqlValidationException(query.Span, $"a query's rows go straight to the caller, so it cannot resume from the savepoint '{path}'; write the query into a table with INSERT INTO to resume it, or RESET '{CheckpointingOptions.SavepointPathKey}'");
        }

        LogicalNode optimized = LogicalOptimizer.Optimize(new QueryBinder(Catalog).Bind(query));
        Schema.RowSchema schema = optimized.Schema;
        // A streaming result is a changelog applied, which keeps no order: the plan keeps its ORDER BY keys to sort by.
        (LogicalNode ordered, Comparison<object?[]>? order, int extra) = Streaming ? ResultOrder.Prepare(optimized) : (optimized, null, 0);
        LogicalNode plan = ForMode(ordered);
        var rows = new List<object?[]>();
        var changelog = new ChangelogTable();
        var watch = Stopwatch.StartNew();
        JobExecutor executor = NewExecutor();
        executor.Run(plan, new DelegateCollector(batch =>
        {
            using (batch)
            {
                object?[][] columns = [.. batch.Columns.Select(ManagedValues.Read)];
                for (int r = 0; r < batch.Length; r++)
                {
                    if (batch.Selection is null || batch.Selection.IsSelected(r))
                    {
                        var row = new object?[columns.Length];
                        for (int c = 0; c < row.Length; c++)
                        {
                            row[c] = columns[c][r];
                        }

                        if (!Streaming)
                        {
                            rows.Add(row);
                        }
                        else if (batch.RowKindAt(r).IsRetraction())
                        {
                            changelog.Retract(row);
                        }
                        else
                        {
                            changelog.Add(row);
                        }
                    }
                }
            }
        }));
        if (Streaming)
        {
            if (changelog.UnmatchedRetractions > 0)
            {
                throw new InvalidOperationException($"internal error: the streaming job retracted {changelog.UnmatchedRetractions} row(s) it never emitted.");
            }

            rows = changelog.Rows();
            if (order is not null)
            {
                // Stable: ties stay in arrival order.
                rows = [.. rows.Order(Comparer<object?[]>.Create(order)).Select(r => extra == 0 ? r : r[..^extra])];
            }
        }

        var result = new QueryResult(schema, rows);
        return new StatementResult("SELECT", $"{rows.Count} row{(rows.Count == 1 ? string.Empty : "s")}.", result, Summaries(executor), watch.Elapsed);
    }

    /// <summary>Refuses a streaming job that would write updates into a table that can only take inserts.</summary>
    private static void CheckSinkChangelog(SinkNode sink, InsertStatement insert)
    {
        // blackhole discards and print shows each row's kind, so both take a changelog as it is.
        string connector = sink.Table.Options.FirstOrDefault(o => o.Key is "connector" or "connector.type").Value ?? string.Empty;
        if (ChangelogMode.UpdatingOperator(sink.Input) is { } producer && sink.Table.PrimaryKey.Count == 0 && connector is not ("blackhole" or "print"))
        {
            throw new SqlValidationException(insert.Span, $"the query produces updates (from {producer}), but the table '{sink.Table.Name}' takes only inserts; declare a PRIMARY KEY (...) NOT ENFORCED on the sink to write it as an upsert table, or use a window aggregate");
        }

        // An upsert filesystem table is one file per key-group range; Hive partition directories would split those files.
        if (connector == "filesystem" && sink.Table.PrimaryKey.Count > 0 && sink.Table.PartitionKeys.Count > 0)
        {
            throw new SqlValidationException(insert.Span, $"not supported in streaming mode yet: writing into the partitioned filesystem table '{sink.Table.Name}' with a PRIMARY KEY (an upsert table); drop its PARTITIONED BY, or its PRIMARY KEY when the query only inserts");
        }
    }

    /// <summary>
    /// When set, every filesystem table a statement inserts into is written under this directory (a subdirectory per
    /// table) instead of its 'path', and read from there for the rest of the session: a comparison of two runs of one
    /// script (batch and streaming) keeps each run's output apart. Null (the default): tables are written where they say.
    /// </summary>
    public string? SinkDirectory { get; set; }

    /// <summary>Points the filesystem tables <paramref name="inserts"/> write into at <see cref="SinkDirectory"/>.</summary>
    private void RedirectSinks(IEnumerable<InsertStatement> inserts)
    {
        if (SinkDirectory is null)
        {
            return;
        }

        foreach (InsertStatement insert in inserts)
        {
            if (Catalog.FindTable(insert.Target.Last.Value) is { } table
                && table.Options.Any(o => o.Key == "connector" && o.Value.Trim().Equals("filesystem", StringComparison.OrdinalIgnoreCase)))
            {
                string path = Path.Combine(SinkDirectory, table.Name);
                Catalog.Add(table with { Options = [.. table.Options.Select(o => o.Key is VecFlow.Engine.Connectors.Filesystem.FilesystemTable.PathKey or "connector.path" ? new KeyValuePair<string, string>(o.Key, path) : o)] });
            }
        }
    }

    private StatementResult RunInserts(IReadOnlyList<InsertStatement> inserts)
    {
        RedirectSinks(inserts);
        var sinks = inserts.Select(i => (SinkNode)Plan(InsertBinder.Bind(i, Catalog))).ToList();
        if (Streaming)
        {
            for (int i = 0; i < sinks.Count; i++)
            {
                CheckSinkChangelog(sinks[i], inserts[i]);
            }
        }

        var watch = Stopwatch.StartNew();
        JobExecutor executor = NewExecutor();
        executor.Run([.. sinks], new DelegateCollector(b => b.Dispose()));

        long written = executor.Operators.Where(o => o.Name.StartsWith("Sink(", StringComparison.Ordinal)).Sum(o => o.Context.Metrics.RowsIn);
        string tables = string.Join(", ", sinks.Select(s => s.Table.Name));
        string message = executor.StoppedWithSavepoint is { } savepoint
            ? $"Stopped with a savepoint in {savepoint} (resume with --from-savepoint); rows up to it are committed into {tables}."
            : $"Wrote {written} row{(written == 1 ? string.Empty : "s")} into {tables}.";
        StoppedWithSavepoint = executor.StoppedWithSavepoint;
        if (executor.Restarts > 0)
        {
            message += $" The job restarted {executor.Restarts} time{(executor.Restarts == 1 ? string.Empty : "s")} from its checkpoints.";
        }

        return new StatementResult("INSERT", message, null, Summaries(executor), watch.Elapsed);
    }

    private JobExecutor NewExecutor()
    {
        CheckpointingOptions checkpointing = CheckpointingOptions.From(Settings.Values);
        CompletedCheckpoint? restore = null;
        if (Streaming && checkpointing.RestorePath is { } path)
        {
            restore = RestoreFrom ?? OpenSavepoint(path);
            RestoreFrom = restore;
        }

        var executor = new JobExecutor(new ExecutionSettings
        {
            Pool = Pool,
            MemoryPerOperator = Settings.MemoryPerOperatorBytes,
            SpillDirectory = Path.Combine(_workDirectory, "spill"),
            Parallelism = Settings.ParallelismOrDefault,
            MaxParallelism = Settings.MaxParallelismOrDefault,
            BatchRows = BatchRows,
            Connector = Factory,
            Cancellation = Cancellation,
            Streaming = Streaming,
            StateBackend = Settings.StateBackend,
            StateCacheBytes = Settings.RocksDbWriteCacheBytes,
            StateDirectory = Path.Combine(_workDirectory, "state"),
            Watermarks = table => TableWatermark.Of(table, Catalog),
            FlushInterval = Settings.BufferTimeoutInterval,
            SourceIdleTimeout = Settings.SourceIdleTimeoutInterval,
            StateTtl = Settings.StateTtlInterval,
            Reuse = Settings.Reuse,
            Clock = Clock,
            Checkpointing = checkpointing,
            RestoreFrom = restore,
            Faults = Faults,
        });
        _running = new RunningStatement(_statementIndex, executor);
        return executor;
    }

    /// <summary>Rows per batch sources read and operators aim for (smaller: lower latency and more, smaller steps).</summary>
    public int BatchRows { get; set; } = 65_536;

    /// <summary>The clock of streaming jobs' idleness, processing time and state TTL (tests inject their own).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Fails tasks on purpose (tests of exactly-once delivery).</summary>
    public IFaultInjector? Faults { get; set; }

    /// <summary>The savepoint this session's streaming job restores from, opened once per session.</summary>
    private CompletedCheckpoint? RestoreFrom { get; set; }

    private static CompletedCheckpoint OpenSavepoint(string path)
    {
        try
        {
            return CheckpointStorage.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or VecFlow.State.Snapshots.SnapshotCorruptException or InvalidDataException)
        {
            throw new ConnectorException($"Cannot restore from '{path}': {e.Message}");
        }
    }

    /// <summary>One line per operator, its subtasks' metrics summed (peak memory: the largest subtask's).</summary>
    private static List<OperatorSummary> Summaries(JobExecutor executor) =>
        [.. executor.Operators.GroupBy(o => o.Id).Select(g => (g.First().Name, Metrics: OperatorMetrics.Sum(g.Select(o => o.Context.Metrics))))
            .Select(o => new OperatorSummary(o.Name, o.Metrics.RowsIn, o.Metrics.RowsOut, o.Metrics.SpilledBytes, o.Metrics.PeakMemoryBytes, o.Metrics.DroppedRows))];

    private IConnectorFactory Factory(CatalogTable table, TableContext context) => Connectors.Resolve(context);

    private string Explain(SqlStatement statement)
    {
        LogicalNode plan = statement switch
        {
            QueryStatement q => new QueryBinder(Catalog).Bind(q.Query),
            InsertStatement i => InsertBinder.Bind(i, Catalog),
            _ => throw new SqlValidationException(statement.Span, "EXPLAIN takes a query or an INSERT"),
        };
        LogicalNode optimized = Plan(plan);
        JobGraph graph = JobGraphBuilder.Build([optimized], Settings.ParallelismOrDefault, Settings.MaxParallelismOrDefault, streaming: Streaming, reuse: Settings.Reuse);
        return $"== Logical Plan ==\n{plan.Explain()}\n== Optimized Logical Plan ==\n{optimized.Explain()}\n== Physical Plan ==\n{PhysicalPlanText.Of(optimized)}\n== Job Graph ==\n{graph.Explain()}";
    }

    public void Dispose()
    {
        if (_ownsWorkDirectory && Directory.Exists(_workDirectory))
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
