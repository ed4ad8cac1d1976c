using System.Globalization;
using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Connectors.Formats.Arrow;
using VecFlow.Engine.Connectors.Formats.Csv;
using VecFlow.Engine.Connectors.Formats.Json;
using VecFlow.Engine.Connectors.Formats.Parquet;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>The checked options of a filesystem table: where it lives, its format, partitioning and rolling policy.</summary>
public sealed class FilesystemTable
{
    public const string PathKey = "path";
    public const string FormatKey = "format";
    public const string RollingFileSizeKey = "sink.rolling-policy.file-size";
    public const string DefaultPartitionNameKey = "partition.default-name";

    /// <summary>Flink's name for the directory of NULL (and empty) partition values.</summary>
    public const string DefaultPartitionName = "__DEFAULT_PARTITION__";

    // Flink's streaming commit and rolling options are accepted so jobs written for Flink run unchanged: a bounded job
    // commits every part file and partition when it finishes, which is what those options converge to.
    private static readonly string[] StreamingSinkKeys =
    [
        "sink.rolling-policy.rollover-interval", "sink.rolling-policy.check-interval", "sink.rolling-policy.inactivity-interval",
        "sink.partition-commit.trigger", "sink.partition-commit.delay", "sink.partition-commit.policy.kind",
        "sink.partition-commit.success-file.name", "sink.partition-commit.watermark-time-zone", "partition.time-extractor.timestamp-pattern",
        "partition.time-extractor.kind", "sink.parallelism", "auto-compaction", "compaction.file-size", "source.monitor-interval",
    ];

    private static readonly string[] CommonKeys = ["connector", PathKey, FormatKey, RollingFileSizeKey, DefaultPartitionNameKey, .. StreamingSinkKeys];

    private FilesystemTable(TableContext table, string root, IFileFormat format, long? rollingFileSize, string defaultPartition)
    {
        Table = table;
        Root = root;
        Format = format;
        RollingFileSize = rollingFileSize;
        DefaultPartition = defaultPartition;
        foreach (string key in table.PartitionKeys)
        {
            if (table.PhysicalSchema.IndexOf(key) < 0)
            {
                throw new ConnectorException(
                    $"Partition key '{key}' of table '{table.Name}' is not one of its columns ({string.Join(", ", table.PhysicalSchema.Names)}).");
            }
        }

        PartitionColumns = [.. table.PartitionKeys.Select(k => table.PhysicalSchema.IndexOf(k))];
        DataColumns = [.. Enumerable.Range(0, table.PhysicalSchema.Count).Where(c => !PartitionColumns.Contains(c))];
        DataSchema = table.PhysicalSchema.Select(DataColumns);
    }

    public TableContext Table { get; }

    /// <summary>The local file or directory of the table.</summary>
    public string Root { get; }

    public IFileFormat Format { get; }

    /// <summary>Bytes after which a sink starts a new part file; null means one file per partition and subtask.</summary>
    public long? RollingFileSize { get; }

    /// <summary>The directory name of NULL partition values.</summary>
    public string DefaultPartition { get; }

    /// <summary>Indices of the PARTITIONED BY columns in the physical schema, in key order.</summary>
    public IReadOnlyList<int> PartitionColumns { get; }

    /// <summary>Indices of the columns stored inside the files (all but the partition columns).</summary>
    public IReadOnlyList<int> DataColumns { get; }

    /// <summary>The schema of the rows inside the files.</summary>
    public RowSchema DataSchema { get; }

    /// <summary>Checks the options of <paramref name="table"/> (per format) and resolves its path and format.</summary>
    public static FilesystemTable From(TableContext table)
    {
        ConnectorOptions options = table.Options;
        string formatName = options.Require(FormatKey).Trim().ToLowerInvariant();
        IReadOnlyList<string> formatKeys = formatName switch
        {
            "csv" => CsvDialect.Keys,
            "json" => JsonOptions.Keys,
            "parquet" or "arrow" or "arrow-ipc" => [],
            _ => throw new ConnectorException(
                $"Unknown format '{options.Get(FormatKey)}' for table '{table.Name}'; valid: csv, json, parquet, arrow (or arrow-ipc)."),
        };
        options.Validate("filesystem", [.. CommonKeys, .. formatKeys]);
        string root = LocalPath(options.Require(PathKey), table.Name);
        long? rolling = options.Contains(RollingFileSizeKey) ? MemorySize(options.Require(RollingFileSizeKey), RollingFileSizeKey, table.Name) : null;
        string defaultPartition = options.Get(DefaultPartitionNameKey, DefaultPartitionName);
        IFileFormat format = formatName switch
        {
            "csv" => new CsvFormat(CsvDialect.From(options)),
            "json" => new JsonFormat(JsonOptions.From(options)),
            "parquet" => new ParquetFormat(),
            _ => new ArrowIpcFormat(),
        };
        return new FilesystemTable(table, root, format, rolling, defaultPartition);
    }

    /// <summary>A plain path or a file:// URI as a full local path.</summary>
    public static string LocalPath(string path, string table)
    {
        string text = path.Trim();
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Flink writes both file:///tmp/x and file:/tmp/x.
            string rest = text[5..];
            text = rest.StartsWith("//", StringComparison.Ordinal) ? new Uri("file:" + rest).LocalPath : Uri.UnescapeDataString(rest);
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new ConnectorException(
                $"The path '{path}' of table '{table}' uses a file system VecFlow does not support; use a local path or a file:// URI.");
        }

        if (text.Length == 0)
        {
            throw new ConnectorException($"The option 'path' of table '{table}' is empty; give a local file or directory.");
        }

        return Path.GetFullPath(text);
    }

    /// <summary>Parses Flink's memory sizes: a number with an optional unit b, k/kb, m/mb, g/gb, t/tb.</summary>
    public static long MemorySize(string text, string key, string table)
    {
        string s = text.Trim().ToLowerInvariant();
        int split = 0;
        while (split < s.Length && char.IsAsciiDigit(s[split]))
        {
            split++;
        }

        long multiplier = s[split..].Trim() switch
        {
            "" or "b" or "bytes" => 1,
            "k" or "kb" or "kibibytes" => 1L << 10,
            "m" or "mb" or "mebibytes" => 1L << 20,
            "g" or "gb" or "gibibytes" => 1L << 30,
            "t" or "tb" or "tebibytes" => 1L << 40,
            _ => 0,
        };
        if (split == 0 || multiplier == 0 || !long.TryParse(s[..split], NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0)
        {
            throw new ConnectorException($"Option '{key}' of table '{table}' must be a positive size like '128mb', '64kb' or '1048576', not '{text}'.");
        }

        return checked(value * multiplier);
    }
}
