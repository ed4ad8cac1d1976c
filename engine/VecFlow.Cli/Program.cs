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

var root = new RootCommand("VecFlow: one SQL job, streaming or batch, on a vectorized columnar engine.") { demo };
return await root.Parse(args).InvokeAsync();
