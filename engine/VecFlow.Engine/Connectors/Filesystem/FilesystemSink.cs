using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Writes part files into the table's directory, Hive-style <c>key=value/</c> subdirectories per partition.</summary>
public sealed class FilesystemSink(FilesystemTable table) : ITableSink
{
    public FilesystemTable Table { get; } = table;

    public ISinkWriter Open(OperatorContext context) => new FilesystemSinkWriter(Table, context);

    /// <summary>Publishes pending part files: renames each hidden file to its final name; a file already published stays.</summary>
    public void Commit(IReadOnlyList<string> committables)
    {
        foreach (string committable in committables)
        {
            int tab = committable.IndexOf('\t', StringComparison.Ordinal);
            string temporary = committable[..tab];
            string final = committable[(tab + 1)..];
            if (File.Exists(temporary))
            {
                File.Move(temporary, final, overwrite: true);
            }
            else if (!File.Exists(final))
            {
                throw new ConnectorException($"The part file '{final}' of table '{Table.Table.Name}' was prepared by a completed checkpoint but is gone (neither it nor '{temporary}' exists); was the table's directory changed while the job ran?");
            }
        }
    }

    /// <summary>How a pending file is recorded in a checkpoint: its hidden path and its final path.</summary>
    internal static string Committable(string temporary, string final) => $"{temporary}\t{final}";
}
