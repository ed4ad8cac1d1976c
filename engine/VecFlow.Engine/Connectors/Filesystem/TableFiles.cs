namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Lists the data files of a filesystem table, with the partition values of their directories.</summary>
internal static class TableFiles
{
    /// <summary>
    /// The files under the table's path (or the path itself when it is a file), sorted by path; hidden files and names
    /// starting with '.' or '_' (in-progress part files, _SUCCESS markers) are skipped, in directories too.
    /// </summary>
    public static IReadOnlyList<FileSplit> List(FilesystemTable table)
    {
        string root = table.Root;
        if (File.Exists(root))
        {
            return [new FileSplit(root, [.. table.PartitionColumns.Select(_ => (string?)null)])];
        }

        if (!Directory.Exists(root))
        {
            throw new ConnectorException($"The path '{root}' of table '{table.Table.Name}' does not exist; give an existing file or directory.");
        }

        var files = new List<string>();
        Collect(new DirectoryInfo(root), files);
        files.Sort(StringComparer.Ordinal);
        return [.. files.Select(f => new FileSplit(f, PartitionValues(table, root, f)))];
    }

    private static void Collect(DirectoryInfo directory, List<string> files)
    {
        foreach (FileSystemInfo entry in directory.EnumerateFileSystemInfos())
        {
            if (IsSkipped(entry))
            {
                continue;
            }

            if (entry is DirectoryInfo child)
            {
                Collect(child, files);
            }
            else
            {
                files.Add(entry.FullName);
            }
        }
    }

    private static bool IsSkipped(FileSystemInfo entry) =>
        entry.Name.StartsWith('.') || entry.Name.StartsWith('_') || (entry.Attributes & FileAttributes.Hidden) != 0;

    private static string?[] PartitionValues(FilesystemTable table, string root, string file)
    {
        var values = new string?[table.PartitionColumns.Count];
        string? directory = Path.GetDirectoryName(Path.GetRelativePath(root, file));
        if (string.IsNullOrEmpty(directory) || values.Length == 0)
        {
            return values;
        }

        foreach (string part in directory.Split(Path.DirectorySeparatorChar))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            string key = HivePartitionPath.Unescape(part[..eq]);
            for (int k = 0; k < values.Length; k++)
            {
                if (string.Equals(table.Table.PartitionKeys[k], key, StringComparison.OrdinalIgnoreCase))
                {
                    string value = part[(eq + 1)..];
                    values[k] = value == table.DefaultPartition ? null : HivePartitionPath.Unescape(value);
                }
            }
        }

        return values;
    }
}
