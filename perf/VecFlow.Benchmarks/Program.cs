using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using VecFlow.Benchmarks;

// Kernel benchmarks. Run all (default job) and write perf/results/kernels.{md,json}:
//   dotnet run -c Release --project perf/VecFlow.Benchmarks -- --filter '*'
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).AsDefault())
    .WithOptions(ConfigOptions.JoinSummary);
Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(ResultsWriter).Assembly).Run(args, config)];
if (summaries.Length > 0)
{
    // Only a run of every benchmark replaces the published report; a filtered run writes kernels-partial.*.
    bool everything = !args.Contains("--job") && (args.Length == 0 || (args.Length == 2 && args[0] == "--filter" && args[1] == "*"));
    string written = ResultsWriter.Write(summaries, ResultsWriter.FindResultsDirectory(), everything ? "kernels" : "kernels-partial");
    Console.WriteLine($"Results written to {written}");
}
