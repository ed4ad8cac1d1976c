using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using VecFlow.Benchmarks;

// Kernel benchmarks. Run all and write perf/results/kernels.{md,json}:
//   dotnet run -c Release --project perf/VecFlow.Benchmarks -- --filter '*'
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).AsDefault())
    .WithOptions(ConfigOptions.JoinSummary);
Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(ResultsWriter).Assembly).Run(args, config)];
if (summaries.Length > 0)
{
    string written = ResultsWriter.Write(summaries, ResultsWriter.FindResultsDirectory());
    Console.WriteLine($"Results written to {written}");
}
