using System.Globalization;
using VecFlow.Engine.Jobs;

namespace VecFlow.Cli;

/// <summary>One status line on a terminal's stderr (rows read and written, rate, elapsed), redrawn in place; nothing when stderr is not a terminal.</summary>
internal sealed class ProgressLine(TextWriter errors, bool live)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    // Carriage return, then ANSI "erase the whole line": every terminal .NET supports understands it.
    private const string EraseLine = "\r\u001b[2K";
    private readonly Queue<(TimeSpan At, long RowsIn)> _recent = new();
    private bool _shown;

    public void Show(JobMetrics metrics)
    {
        if (!live)
        {
            return;
        }

        // The rate over the last few seconds says how fast the job goes now; the average hides slow phases.
        _recent.Enqueue((metrics.Elapsed, metrics.RowsIn));
        while (_recent.Count > 1 && metrics.Elapsed - _recent.Peek().At > TimeSpan.FromSeconds(3))
        {
            _recent.Dequeue();
        }

        (TimeSpan at, long rows) = _recent.Peek();
        double window = (metrics.Elapsed - at).TotalSeconds;
        double rate = window > 0 ? (metrics.RowsIn - rows) / window : metrics.RowsInPerSecond;
        string statement = metrics.StatementCount > 0 ? $"statement {Math.Min(metrics.StatementsFinished + 1, metrics.StatementCount)}/{metrics.StatementCount}" : "starting";
        errors.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"{EraseLine}{statement}: read {metrics.RowsIn:N0} rows ({rate:N0} rows/s), wrote {metrics.RowsWritten:N0} rows, {metrics.Elapsed.TotalSeconds:F1} s{Streaming(metrics)}"));
        errors.Flush();
        _shown = true;
    }

    /// <summary>The streaming gauges that have a value: watermark, p50 / p99 latency, last checkpoint.</summary>
    internal static string Streaming(JobMetrics metrics)
    {
        var text = new System.Text.StringBuilder();
        if (metrics.Watermark is { } watermark)
        {
            text.Append(CultureInfo.InvariantCulture, $", watermark {watermark.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}");
        }

        if (metrics.Latency is { } p50)
        {
            text.Append(CultureInfo.InvariantCulture, $", latency p50 {p50.TotalMilliseconds:N0} ms / p99 {(metrics.LatencyP99 ?? p50).TotalMilliseconds:N0} ms");
        }

        if (metrics.LastCheckpointId is { } id)
        {
            text.Append(CultureInfo.InvariantCulture, $", checkpoint {id}");
        }

        return text.ToString();
    }

    public void Clear()
    {
        if (_shown)
        {
            errors.Write(EraseLine);
            errors.Flush();
            _shown = false;
        }
    }
}
