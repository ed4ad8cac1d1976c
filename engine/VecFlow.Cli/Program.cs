using System.CommandLine;
using VecFlow.Cli;

var rows = new Option<long>("--rows") { Description = "How many bid rows to generate.", DefaultValueFactory = _ => 10_000_000 };
var batchSize = new Option<int>("--batch-size") { Description = "Rows per columnar batch.", DefaultValueFactory = _ => 65_536 };
var demo = new Command("demo", "Run a vectorized filter + grouped aggregation over generated Nexmark-style bids, embedded.")
{
    rows,
    batchSize,
};
demo.SetAction(parse => VectorDemo.Run(parse.GetValue(rows), parse.GetValue(batchSize), Console.Out));

var file = new Argument<string>("file") { Description = "The SQL file: CREATE TABLE / VIEW, SET, INSERT INTO and SELECT statements." };
var mode = new Option<string?>("--mode") { Description = "batch (default) or streaming; the same as SET 'execution.runtime-mode'." };
mode.AcceptOnlyFromAmong("batch", "streaming");
var parallelism = new Option<int?>("--parallelism", "-p") { Description = "Parallelism of the job (SET 'parallelism.default')." };
var set = new Option<string[]>("--set") { Description = "A setting, key=value (repeatable), as SET 'key' = 'value'.", AllowMultipleArgumentsPerToken = false };
var define = new Option<string[]>("--define", "-D") { Description = "A ${NAME} variable of the script, NAME=value (repeatable)." };

var fromSavepoint = new Option<string?>("--from-savepoint", "-s") { Description = "Start the streaming job from a savepoint or a retained checkpoint (a chk-N directory, or a job's checkpoint directory for its latest); SET 'execution.savepoint.path'." };
var allowNonRestored = new Option<bool>("--allow-non-restored-state", "-n") { Description = "Drop savepoint state that no operator of the job claims instead of refusing to start." };

var run = new Command("run", "Run every statement of a SQL file embedded in this process; exits when its bounded jobs finish.") { file, mode, parallelism, set, define, fromSavepoint, allowNonRestored };
run.SetAction(parse =>
{
    List<string> settings = [.. parse.GetValue(set) ?? []];
    if (parse.GetValue(fromSavepoint) is { } savepoint)
    {
        settings.Add($"execution.savepoint.path={Path.GetFullPath(savepoint)}");
    }

    if (parse.GetValue(allowNonRestored))
    {
        settings.Add("execution.savepoint.ignore-unclaimed-state=true");
    }

    return JobCommands.Run(parse.GetValue(file)!, parse.GetValue(mode), parse.GetValue(parallelism), settings, parse.GetValue(define) ?? [], explainOnly: false, Console.Out, Console.Error);
});

var explain = new Command("explain", "Print the logical, optimized and physical plans of each query and INSERT of a SQL file.") { file, set, define };
explain.SetAction(parse => JobCommands.Run(parse.GetValue(file)!, null, null, parse.GetValue(set) ?? [], parse.GetValue(define) ?? [], explainOnly: true, Console.Out, Console.Error));

var root = new RootCommand("VecFlow: one SQL job, streaming or batch, on a vectorized columnar engine.") { run, explain, demo };
return await root.Parse(args).InvokeAsync();
