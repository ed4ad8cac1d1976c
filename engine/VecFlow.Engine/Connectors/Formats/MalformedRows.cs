using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Kernels;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>What a text format does with a malformed row: fail naming file, line and column, or skip it and count it.</summary>
internal sealed class MalformedRows(string format, string path, RowSchema fileSchema, bool ignore, string ignoreOption, OperatorMetrics metrics)
{
    public bool Ignore => ignore;

    /// <summary>A value that does not parse as its column's type. Returns normally only when malformed rows are ignored.</summary>
    public void BadValue(long line, int fileColumn, ReadOnlySpan<byte> text, string expected) =>
        Report(line, $"column {fileColumn + 1} ('{fileSchema[fileColumn].Name}'): cannot parse {CastErrors.Quote(text)} as {CastErrors.Name(fileSchema[fileColumn].Type)}; expected {expected}");

    /// <summary>A row whose shape is wrong (field count, broken quoting, bad JSON). Returns normally only when ignored.</summary>
    public void BadRow(long line, string problem) => Report(line, problem);

    private void Report(long line, string problem)
    {
        if (ignore)
        {
            metrics.AddDropped(1);
            return;
        }

        throw new ConnectorException(
            $"Malformed {format} row in file '{path}', line {line}, {problem}. Set '{ignoreOption}' = 'true' to skip malformed rows.");
    }
}
