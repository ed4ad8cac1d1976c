using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Reports;
using VecFlow.Benchmarks.Kernels;

namespace VecFlow.Benchmarks;

/// <summary>Writes one run's results as Markdown and JSON, with the machine and the figures the issues ask for.</summary>
public static class ResultsWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>One measured benchmark case.</summary>
    public sealed record Row(string Benchmark, string Method, string Parameters, int Rows, double MeanNanoseconds, double? GigabytesPerSecond);

    /// <summary>A ratio derived from two rows of the same run, with the target it is held to.</summary>
    public sealed record Figure(string Name, double Value, string Unit, string Target, bool Met);

    public static string FindResultsDirectory()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "VecFlow.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? Directory.GetCurrentDirectory(), "perf", "results");
    }

    public static string Write(IEnumerable<Summary> summaries, string directory, string name = "kernels")
    {
        var rows = new List<Row>();
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports)
            {
                if (report.ResultStatistics is null)
                {
                    continue;
                }

                MethodInfo method = report.BenchmarkCase.Descriptor.WorkloadMethod;
                int rowCount = report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Rows")?.Value is int r ? r : 0;
                double mean = report.ResultStatistics.Mean;
                int? bytesPerRow = method.GetCustomAttribute<BytesPerRowAttribute>()?.Bytes;
                double? gbps = bytesPerRow is int b && rowCount > 0 ? (double)b * rowCount / mean : null; // bytes per ns = GB/s
                rows.Add(new Row(method.DeclaringType!.Name, method.Name, report.BenchmarkCase.Parameters.PrintInfo, rowCount, mean, gbps));
            }
        }

        List<Figure> figures = DeriveFigures(rows);
        Directory.CreateDirectory(directory);
        string machine = DescribeMachine();
        File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(
            new { machine, measuredAt = DateTimeOffset.UtcNow, rows, figures },
            JsonOptions));

        var md = new StringBuilder();
        md.AppendLine("# Kernel benchmarks").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, all in one run. Reproduce: `dotnet run -c Release --project perf/VecFlow.Benchmarks -- --filter '*'`.").AppendLine();
        md.AppendLine("## Machine").AppendLine().AppendLine("```").AppendLine(machine).AppendLine("```").AppendLine();
        md.AppendLine("## Figures").AppendLine();
        md.AppendLine("| figure | value | target | met |").AppendLine("|---|---|---|---|");
        foreach (Figure f in figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {f.Value:0.00} {f.Unit} | {f.Target} | {(f.Met ? "yes" : "NO")} |");
        }

        md.AppendLine().AppendLine("## All cases").AppendLine();
        md.AppendLine("| benchmark | method | parameters | mean | GB/s |").AppendLine("|---|---|---|---|---|");
        foreach (Row r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Benchmark} | {r.Method} | {r.Parameters} | {FormatTime(r.MeanNanoseconds)} | {(r.GigabytesPerSecond is double g ? g.ToString("0.00", CultureInfo.InvariantCulture) : "")} |");
        }

        string path = Path.Combine(directory, name + ".md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static List<Figure> DeriveFigures(List<Row> rows)
    {
        var figures = new List<Figure>();
        Row? Find(string method, int rowCount = -1) =>
            rows.FirstOrDefault(r => r.Method == method && (rowCount < 0 || r.Rows == rowCount));

        Row? bandwidth = Find(nameof(MemoryBandwidthBenchmarks.StreamingSum));
        foreach (string method in new[] { nameof(FilterSumBenchmarks.VecFlowFused), nameof(FilterSumBenchmarks.VecFlowKernels), nameof(FilterSumBenchmarks.VecFlowKernelsChunked) })
        {
            Row? filterBig = Find(method, DataSizes.Memory);
            if (bandwidth?.GigabytesPerSecond is double bw && filterBig?.GigabytesPerSecond is double fb)
            {
                double share = 100 * fb / bw;
                figures.Add(new Figure($"filter+sum ({method}), {DataSizes.Memory:N0} rows, as % of streaming-sum bandwidth ({bw:0.0} GB/s)", share, "%", ">= 70%", share >= 70));
            }

            Row? scalarL2 = Find(nameof(FilterSumBenchmarks.ScalarLoop), DataSizes.L2);
            Row? filterL2 = Find(method, DataSizes.L2);
            if (scalarL2 is not null && filterL2 is not null)
            {
                double speedup = scalarL2.MeanNanoseconds / filterL2.MeanNanoseconds;
                figures.Add(new Figure($"filter+sum ({method}), {DataSizes.L2:N0} rows (in L2): speed-up over the scalar loop", speedup, "x", ">= 4x", speedup >= 4));
            }
        }

        Row? dictionary = Find(nameof(GroupedSumBenchmarks.DictionaryLoop));
        Row? grouped = Find(nameof(GroupedSumBenchmarks.VecFlowGroupedSum));
        if (dictionary is not null && grouped is not null)
        {
            double speedup = dictionary.MeanNanoseconds / grouped.MeanNanoseconds;
            figures.Add(new Figure("grouped SUM, 1,000 groups: speed-up over a Dictionary loop", speedup, "x", ">= 3x", speedup >= 3));
        }

        AddRatio(figures, rows, nameof(ArithmeticBenchmarks.AddScalarChecked), nameof(ArithmeticBenchmarks.AddVecFlowChecked), "int64 a + b (checked): speed-up over the scalar checked loop");
        AddRatio(figures, rows, nameof(ArithmeticBenchmarks.AddTensorPrimitivesUnchecked), nameof(ArithmeticBenchmarks.AddVecFlowChecked), "int64 a + b: VecFlow checked vs TensorPrimitives unchecked (1.0 = same speed)");
        AddRatio(figures, rows, nameof(ArithmeticBenchmarks.SumDoubleScalar), nameof(ArithmeticBenchmarks.SumDoubleVecFlow), "SUM(double): speed-up over the scalar loop");
        AddRatio(figures, rows, nameof(ArithmeticBenchmarks.SumDoubleTensorPrimitives), nameof(ArithmeticBenchmarks.SumDoubleVecFlow), "SUM(double): VecFlow vs TensorPrimitives.Sum (1.0 = same speed)");
        AddRatio(figures, rows, nameof(HashAndStringBenchmarks.HashScalarHashCode), nameof(HashAndStringBenchmarks.HashVecFlow), "hash int64: VecFlow (stable 64-bit) vs long.GetHashCode loop");
        AddRatio(figures, rows, nameof(HashAndStringBenchmarks.ContainsScalarStrings), nameof(HashAndStringBenchmarks.LikeVecFlow), "LIKE '%needle%' on UTF-8 vs string.Contains on .NET strings");
        return figures;
    }

    private static void AddRatio(List<Figure> figures, List<Row> rows, string baseline, string candidate, string name)
    {
        Row? b = rows.FirstOrDefault(r => r.Method == baseline);
        Row? c = rows.FirstOrDefault(r => r.Method == candidate);
        if (b is not null && c is not null)
        {
            figures.Add(new Figure(name, b.MeanNanoseconds / c.MeanNanoseconds, "x", "reported", true));
        }
    }

    private static string FormatTime(double ns) => ns switch
    {
        < 1e3 => $"{ns:0.0} ns",
        < 1e6 => $"{ns / 1e3:0.00} us",
        < 1e9 => $"{ns / 1e6:0.00} ms",
        _ => $"{ns / 1e9:0.00} s",
    };

    /// <summary>CPU, caches, memory, OS, runtime and vector ISA of this machine.</summary>
    public static string DescribeMachine()
    {
        var lines = new List<string>();
        string cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        lines.Add($"CPU: {cpu}, {Environment.ProcessorCount} logical cores");
        foreach (string index in new[] { "index2", "index3" })
        {
            string path = $"/sys/devices/system/cpu/cpu0/cache/{index}";
            if (File.Exists(Path.Combine(path, "size")))
            {
                lines.Add($"L{File.ReadAllText(Path.Combine(path, "level")).Trim()} cache: {File.ReadAllText(Path.Combine(path, "size")).Trim()}");
            }
        }

        string? memory = ReadFirst("/proc/meminfo", "MemTotal");
        if (memory is not null)
        {
            lines.Add($"Memory: {memory}");
        }

        lines.Add($"OS: {RuntimeInformation.OSDescription}");
        lines.Add($"Runtime: {RuntimeInformation.FrameworkDescription}");
        lines.Add($"Vector128: {Vector128.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, Vector512: {Vector512.IsHardwareAccelerated}");
        return string.Join(Environment.NewLine, lines);
    }

    private static string? ReadFirst(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        string? line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
