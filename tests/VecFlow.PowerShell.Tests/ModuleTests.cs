using System.Management.Automation;

namespace VecFlow.PowerShell.Tests;

/// <summary>The module hosted in-process (PowerShell.Create with the built module imported), driving real jobs.</summary>
public sealed class ModuleTests : IDisposable
{
    private readonly ModuleHost _host = new();
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vecflow-tests", $"pwsh-{Guid.NewGuid():N}")).FullName;
    private readonly string _name = $"t{Guid.NewGuid():N}"[..12];

    private static string Datagen(long rows) => $"""
        CREATE TABLE src (id BIGINT, v INT) WITH (
            'connector' = 'datagen', 'number-of-rows' = '{rows}', 'rows-per-second' = '1000000000000', 'seed' = '3',
            'fields.v.min' = '0', 'fields.v.max' = '9');
        """;

    private static string Prop(PSObject item, string name) => item.Properties[name].Value?.ToString() ?? string.Empty;

    [Fact]
    public void Submit_with_wait_runs_a_job_to_the_end_and_keeps_its_query_rows()
    {
        var job = Assert.Single(_host.RunClean(
            "Submit-StreamJob -Sql $sql -Name $name -Define @{ N = 4 } -Wait",
            new Dictionary<string, object?> { ["sql"] = "SELECT x * ${N} AS y FROM (VALUES (1), (2)) AS t(x)", ["name"] = _name }));

        Assert.Equal("VecFlow.Engine.Jobs.SqlJob", job.BaseObject.GetType().FullName);
        Assert.Equal("Finished", Prop(job, "State"));
        Assert.Equal(_name, Prop(job, "Name"));
        var rows = _host.RunClean("$j.Results[0].Rows | ForEach-Object { $_[0] }", new Dictionary<string, object?> { ["j"] = job });
        Assert.Equal([4, 8], rows.Select(r => (int)r.BaseObject).Order());
    }

    [Fact]
    public void Submit_returns_at_once_and_get_wait_and_metrics_find_the_job_by_name_id_and_pipeline()
    {
        string file = Path.Combine(_directory, "count.sql");
        File.WriteAllText(file, Datagen(200_000) + "SELECT v, COUNT(*) AS n FROM src GROUP BY v;");
        var vars = new Dictionary<string, object?> { ["file"] = file, ["name"] = _name };

        _host.RunClean("$script:job = Submit-StreamJob -Path $file -Name $name", vars);
        var waited = Assert.Single(_host.RunClean("Get-StreamJob -Name ($name.Substring(0, 8) + '*') | Wait-StreamJob -Timeout 120", vars));
        Assert.Equal("Finished", Prop(waited, "State"));
        Assert.Single(_host.RunClean("Get-StreamJob -Id ($job.Id.Substring(0, 10) + '*') -State Finished", vars));
        Assert.Empty(_host.RunClean("Get-StreamJob -Name $name -State Failed, Cancelled", vars));

        var metrics = Assert.Single(_host.RunClean("$job | Get-StreamJobMetric", vars));
        Assert.Equal(200_000L, metrics.Properties["RowsIn"].Value);
        Assert.Equal(10L, metrics.Properties["RowsReturned"].Value);
        Assert.Null(metrics.Properties["Watermark"].Value);
        Assert.Null(metrics.Properties["LastCheckpointId"].Value);
        string table = string.Concat(_host.RunClean("$job | Get-StreamJobMetric | Format-Table | Out-String -Width 400", vars).Select(o => o.BaseObject));
        Assert.Contains("Watermark", table, StringComparison.Ordinal);
        Assert.Contains("Latency", table, StringComparison.Ordinal);
        Assert.Contains("Checkpoint", table, StringComparison.Ordinal);
        var operators = _host.RunClean("$job | Get-StreamJobMetric -Operator", vars);
        Assert.Contains(operators, o => Prop(o, "Operator") == "Scan(src)" && (long)o.Properties["RowsOut"].Value == 200_000);
        var counts = _host.RunClean("$job.Results[0].Rows | ForEach-Object { $_[1] } | Measure-Object -Sum | ForEach-Object Sum", vars);
        Assert.Equal(200_000d, Convert.ToDouble(counts.Single().BaseObject, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Stop_whatif_leaves_the_job_and_stop_cancels_it_through_the_pipeline()
    {
        var vars = new Dictionary<string, object?> { ["sql"] = Datagen(100_000_000_000) + "SELECT COUNT(*) FROM src;", ["name"] = _name };
        _host.RunClean("$script:job = Submit-StreamJob -Sql $sql -Name $name", vars);

        _host.RunClean("Get-StreamJob -Name $name | Stop-StreamJob -WhatIf", vars);
        string state = Prop(_host.RunClean("$job").Single(), "State");
        Assert.True(state is "Created" or "Running", state);

        var savepoint = _host.Run("Get-StreamJob -Name $name | Stop-StreamJob -Savepoint (Join-Path ([IO.Path]::GetTempPath()) sp)", vars);
        ErrorRecord batchOnly = Assert.Single(savepoint.Errors);
        Assert.Equal(ErrorCategory.InvalidOperation, batchOnly.CategoryInfo.Category);
        Assert.StartsWith("InvalidOperation,", batchOnly.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("Only a running streaming job takes savepoints; this job is not running or runs in batch mode.", batchOnly.Exception.Message);
        Assert.Equal(_name, Prop(PSObject.AsPSObject(batchOnly.TargetObject), "Name"));

        var stopped = Assert.Single(_host.RunClean("Get-StreamJob -Name $name | Stop-StreamJob -PassThru", vars));
        Assert.Equal("Cancelled", Prop(stopped, "State"));

        var again = _host.Run("Get-StreamJob -Name $name | Stop-StreamJob", vars);
        Assert.Equal(ErrorCategory.InvalidOperation, Assert.Single(again.Errors).CategoryInfo.Category);
        _host.RunClean("Get-StreamJob -Name $name | Stop-StreamJob -Force", vars);
    }

    [Fact]
    public void Invoke_query_writes_rows_with_typed_properties()
    {
        var rows = _host.RunClean("""
            Invoke-VecFlowQuery "SELECT x, x * 1.5 AS y, CAST(x AS DOUBLE) / 4 AS d, 'n' || CAST(x AS STRING) AS s,
                CAST(NULL AS INT) AS z, TIMESTAMP '2026-01-02 03:04:05.678' AS ts, CAST(x AS BIGINT) AS b
                FROM (VALUES (1), (2), (3)) AS t(x) WHERE x > 1" | Sort-Object x
            """);

        Assert.Equal(2, rows.Count);
        PSObject row = rows[0];
        Assert.Contains("VecFlow.QueryRow", row.TypeNames);
        Assert.Equal(2, row.Properties["x"].Value);
        Assert.Equal(3.0m, row.Properties["y"].Value);
        Assert.Equal(0.5d, row.Properties["d"].Value);
        Assert.Equal("n2", row.Properties["s"].Value);
        Assert.Null(row.Properties["z"].Value);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, 678), row.Properties["ts"].Value);
        Assert.Equal(2L, row.Properties["b"].Value);

        var filtered = _host.RunClean("Invoke-VecFlowQuery 'SELECT x FROM (VALUES (1), (2), (3)) AS t(x)' | Where-Object x -ge 2 | Measure-Object x -Sum | ForEach-Object Sum");
        Assert.Equal(5d, Convert.ToDouble(filtered.Single().BaseObject, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Invoke_query_refuses_insert_and_reports_sql_errors_as_categorised_one_line_errors()
    {
        var insert = _host.Run("Invoke-VecFlowQuery \"CREATE TABLE t (a INT) WITH ('connector' = 'blackhole'); INSERT INTO t VALUES (1)\"");
        ErrorRecord refused = Assert.Single(insert.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, refused.CategoryInfo.Category);
        Assert.Contains("run INSERT INTO with Submit-StreamJob", refused.Exception.Message, StringComparison.Ordinal);

        var parse = _host.Run("Invoke-VecFlowQuery 'SELEC 1'");
        ErrorRecord syntax = Assert.Single(parse.Errors);
        Assert.Equal(ErrorCategory.ParserError, syntax.CategoryInfo.Category);
        Assert.StartsWith("line 1, column 1: unexpected 'SELEC'", syntax.Exception.Message, StringComparison.Ordinal);

        var unknown = _host.Run("Invoke-VecFlowQuery 'SELECT nope FROM (VALUES (1)) AS t(a)'");
        ErrorRecord validation = Assert.Single(unknown.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, validation.CategoryInfo.Category);
        Assert.EndsWith("line 1, column 8: unknown column 'nope'; valid columns: a", validation.Exception.Message, StringComparison.Ordinal);
        Assert.All(new[] { refused, syntax, validation }, e => Assert.DoesNotContain(" at ", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_job_is_an_error_with_the_job_as_target_and_unknown_ids_are_not_found()
    {
        var failed = _host.Run("Submit-StreamJob -Sql 'SELECT 1 / 0' -Name $name -Wait", new Dictionary<string, object?> { ["name"] = _name });
        ErrorRecord error = Assert.Single(failed.Errors);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.StartsWith("SqlRuntimeError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("Failed", Prop(PSObject.AsPSObject(error.TargetObject), "State"));
        Assert.DoesNotContain('\n', error.Exception.Message);
        Assert.Equal("Failed", Prop(Assert.Single(failed.Output), "State"));

        var missing = _host.Run("Get-StreamJob -Id 0123456789abcdef; Get-StreamJob -Name nothing-like-this");
        Assert.Equal(2, missing.Errors.Count);
        Assert.All(missing.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        Assert.Equal("0123456789abcdef", missing.Errors[0].TargetObject);

        var file = _host.Run("Submit-StreamJob -Path (Join-Path $dir missing.sql)", new Dictionary<string, object?> { ["dir"] = _directory });
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(file.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void A_comparison_finds_no_difference_where_both_modes_run_and_a_construct_streaming_lacks_is_a_not_implemented_error()
    {
        string same = Path.Combine(_directory, "same.sql");
        File.WriteAllText(same, "SELECT x, COUNT(*) AS n FROM (VALUES (1), (2), (2)) AS t(x) GROUP BY x;\n");
        Assert.Empty(_host.RunClean("Compare-StreamBatchResult -Path $file", new Dictionary<string, object?> { ["file"] = same }));

        string file = Path.Combine(_directory, "q.sql");
        File.WriteAllText(file, "SET 'execution.runtime-mode' = 'batch';\nSELECT x FROM (VALUES (1), (2)) AS t(x) ORDER BY x;\n");
        var vars = new Dictionary<string, object?> { ["file"] = file };

        var streaming = _host.Run("Submit-StreamJob -Path $file -Mode Streaming -Wait", vars);
        ErrorRecord error = Assert.Single(streaming.Errors);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("not supported in streaming mode yet", error.Exception.Message, StringComparison.Ordinal);

        var compare = _host.Run("Compare-StreamBatchResult -Path $file", vars);
        Assert.Empty(compare.Output);
        ErrorRecord side = Assert.Single(compare.Errors);
        Assert.Equal(ErrorCategory.NotImplemented, side.CategoryInfo.Category);
        Assert.Contains("(streaming)", side.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("not supported in streaming mode yet", side.Exception.Message, StringComparison.Ordinal);

        Assert.Empty(_host.RunClean("Compare-StreamBatchResult -Path $file -WhatIf", vars));
    }

    [Fact]
    public void A_comparison_of_the_hot_auctions_example_finds_no_difference_and_leaves_its_output_directory_alone()
    {
        // The example as shipped, on fewer events and with its output under the test's directory.
        string example = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "hot-auctions.sql"));
        string output = Path.Combine(_directory, "hot-auctions").Replace('\\', '/');
        string sql = example.Replace("'events.num' = '2000000'", "'events.num' = '50000'", StringComparison.Ordinal)
            .Replace("'path' = 'out/hot-auctions'", $"'path' = '{output}'", StringComparison.Ordinal);
        Assert.NotEqual(example, sql);
        string file = Path.Combine(_directory, "hot-auctions.sql");
        File.WriteAllText(file, sql);

        var differences = _host.RunClean("Compare-StreamBatchResult -Path $file", new Dictionary<string, object?> { ["file"] = file });

        Assert.Empty(differences);
        Assert.False(Directory.Exists(output), "each run writes its INSERTs into a scratch directory of its own");
    }

    [Fact]
    public void A_comparison_reports_exactly_the_row_that_streaming_drops_as_late()
    {
        // 70,000 rows at second 10, then one at second 1: in streaming the watermark has passed second 5 when that row
        // arrives in a later batch, so its window is gone (the row is late and dropped); batch counts it.
        string input = Directory.CreateDirectory(Path.Combine(_directory, "events")).FullName;
        File.WriteAllLines(Path.Combine(input, "part-0.csv"), Enumerable.Range(0, 70_000).Select(i => $"{i},2026-01-01 00:00:10").Append("70000,2026-01-01 00:00:01"));
        string file = Path.Combine(_directory, "late.sql");
        File.WriteAllText(file, $"""
            CREATE TABLE events (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'filesystem', 'path' = '{input.Replace('\\', '/')}', 'format' = 'csv');
            SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end;
            """);

        var difference = Assert.Single(_host.RunClean("Compare-StreamBatchResult -Path $file", new Dictionary<string, object?> { ["file"] = file }));

        Assert.Equal("-", Prop(difference, "Side"));
        Assert.Equal("0", Prop(difference, "Query"));
        var row = (PSObject)difference.Properties["Row"].Value;
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0), (DateTime)row.Properties["window_start"].Value);
        Assert.Equal(1L, row.Properties["n"].Value);
    }

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "VecFlow.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("VecFlow.sln not found above the test binaries");
    }

    [Fact]
    public void Get_plan_returns_objects_and_text()
    {
        string sql = """
            CREATE TABLE nexmark (event_type INT, bid ROW<auction BIGINT, price BIGINT>) WITH ('connector' = 'nexmark', 'events.num' = '100');
            SELECT bid.auction, MAX(bid.price) FROM nexmark WHERE event_type = 2 GROUP BY bid.auction;
            """;
        var plan = Assert.Single(_host.RunClean("Get-VecFlowPlan -Sql $sql", new Dictionary<string, object?> { ["sql"] = sql }));
        Assert.Equal(1, plan.Properties["Statement"].Value);
        Assert.Equal("SELECT", Prop(plan, "Kind"));
        var operators = (IReadOnlyList<string>)plan.Properties["Operators"].Value;
        Assert.Contains(operators, o => o.Contains("Aggregate", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(operators, o => o.Contains("nexmark", StringComparison.Ordinal));

        var text = Assert.Single(_host.RunClean("Get-VecFlowPlan $sql -AsText", new Dictionary<string, object?> { ["sql"] = sql }));
        Assert.StartsWith("== Logical Plan ==", (string)text.BaseObject, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exported_cmdlet_is_in_the_manifest_and_uses_an_approved_verb()
    {
        var names = _host.RunClean("(Get-Module VecFlow).ExportedCmdlets.Keys | Sort-Object").Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(["Compare-StreamBatchResult", "Get-StreamJob", "Get-StreamJobMetric", "Get-VecFlowPlan", "Invoke-VecFlowQuery", "Stop-StreamJob", "Submit-StreamJob", "Wait-StreamJob"], names);
        var verbs = _host.RunClean("Get-Verb | ForEach-Object Verb").Select(o => (string)o.BaseObject).ToHashSet();
        Assert.All(names, n => Assert.Contains(n.Split('-')[0], verbs));
    }

    public void Dispose()
    {
        _host.Run("Get-StreamJob -Name ($name + '*') | Stop-StreamJob -Force", new Dictionary<string, object?> { ["name"] = _name });
        _host.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
