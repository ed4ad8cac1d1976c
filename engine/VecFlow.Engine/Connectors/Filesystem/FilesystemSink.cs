using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Writes part files into the table's directory, Hive-style <c>key=value/</c> subdirectories per partition.</summary>
public sealed class FilesystemSink(FilesystemTable table) : ITableSink
{
    public FilesystemTable Table { get; } = table;

    /// <summary>
    /// A writer of one subtask: an upsert writer for a table with a primary key when the runtime gives the sink keyed
    /// state (streaming), else an append writer (batch jobs, tables without a key).
    /// </summary>
    public ISinkWriter Open(OperatorContext context) =>
        Table.Table.PrimaryKey.Count > 0 && context.KeyedState is not null
            ? new FilesystemUpsertWriter(Table, context)
            : new FilesystemSinkWriter(Table, context);

    /// <summary>
    /// Publishes pending part files: renames each hidden file to its final name; a file already published stays. An
    /// upsert file also replaces the older files of its key groups (<see cref="UpsertCommit"/>).
    /// </summary>
    public void Commit(IReadOnlyList<string> committables)
    {
        UpsertCommit.Apply(Table.Table.Name, committables.Where(UpsertFile.IsCommittable).Select(UpsertFile.FromCommittable));
        foreach (string committable in committables.Where(c => !UpsertFile.IsCommittable(c)))
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
