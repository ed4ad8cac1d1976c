using System.Text;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors.Print;

/// <summary>Writes rows as text lines to a <see cref="TextWriter"/>, one synchronized line per row.</summary>
public sealed class PrintSink(TextWriter output, string identifier = "") : ITableSink
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);

    public string PrintIdentifier { get; } = identifier;

    public ISinkWriter Open(OperatorContext context) => new Writer(this, Prefix(PrintIdentifier, context.Subtask, context.Parallelism));

    /// <summary>Flink's line prefix: "id> ", "id:2> " or "2> " (1-based subtask, only when parallel), or nothing.</summary>
    public static string Prefix(string identifier, int subtask, int parallelism)
    {
        string prefix = identifier;
        if (parallelism > 1)
        {
            prefix += (prefix.Length > 0 ? ":" : string.Empty) + (subtask + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return prefix.Length > 0 ? prefix + "> " : prefix;
    }

    private sealed class Writer(PrintSink sink, string prefix) : ISinkWriter
    {
        private readonly StringBuilder _line = new();

        public void Write(ColumnBatch batch)
        {
            using (batch)
            {
                for (int row = 0; row < batch.Length; row++)
                {
                    if (batch.Selection is not null && !batch.Selection.IsSelected(row))
                    {
                        continue;
                    }

                    _line.Clear();
                    _line.Append(prefix).Append(batch.RowKindAt(row).ToShortString()).Append('[');
                    for (int c = 0; c < batch.Columns.Count; c++)
                    {
                        if (c > 0)
                        {
                            _line.Append(", ");
                        }

                        JavaText.Append(_line, batch.Column(c), row);
                    }

                    _line.Append(']');
                    sink._output.WriteLine(_line.ToString());
                }
            }
        }

        public void Finish() => sink._output.Flush();

        public void Dispose()
        {
        }
    }
}
