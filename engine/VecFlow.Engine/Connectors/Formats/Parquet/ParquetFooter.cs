using System.Collections.Concurrent;
using global::Parquet;
using global::Parquet.Meta;
using global::Parquet.Schema;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>A parquet file's footer as parsed once: its leaf fields and the metadata (row counts, statistics) of its row groups.</summary>
/// <remarks>
/// Planning the splits of a file and opening each split need the same footer; parsing it costs a few milliseconds a
/// time, which was a tenth of a selective query over a 10M-row file. Footers are kept per path and reused while the
/// file's length and last write time stay the same, so a rewritten file is parsed again. The metadata is only read
/// after parsing, so one instance serves every thread.
/// </remarks>
internal sealed class ParquetFooter
{
    /// <summary>Files whose footers are kept; past it the cache starts over (a job reads far fewer files at a time).</summary>
    private const int MaxFiles = 256;

    private static readonly ConcurrentDictionary<string, ParquetFooter> Cache = new(StringComparer.Ordinal);

    // One instance for every reader: Parquet.Net sets up its stream pool per options object.
    private static readonly ParquetOptions Options = new();

    private ParquetFooter(long length, DateTime lastWrite, DataField[] fields, FileMetaData metadata)
    {
        Length = length;
        LastWrite = lastWrite;
        Fields = fields;
        Metadata = metadata;
    }

    /// <summary>The leaf columns in schema order (the order of each row group's column chunks).</summary>
    public DataField[] Fields { get; }

    public FileMetaData Metadata { get; }

    public int RowGroupCount => Metadata.RowGroups.Count;

    private long Length { get; }

    private DateTime LastWrite { get; }

    /// <summary>The footer of the file at <paramref name="path"/>, parsed now or taken from an earlier parse of the same file version.</summary>
    public static ParquetFooter Of(string path)
    {
        string key = Path.GetFullPath(path);
        var file = new FileInfo(key);
        if (!file.Exists)
        {
            throw new ConnectorException($"The parquet file '{path}' does not exist.");
        }

        if (Cache.TryGetValue(key, out ParquetFooter? known) && known.Length == file.Length && known.LastWrite == file.LastWriteTimeUtc)
        {
            return known;
        }

        ParquetFooter footer = Parse(path, file);
        if (Cache.Count >= MaxFiles)
        {
            Cache.Clear();
        }

        Cache[key] = footer;
        return footer;
    }

    /// <summary>
    /// False for files of parquet-mr before 1.2.9, whose column chunk sizes can fall short of their last page
    /// (PARQUET-816): their chunks are read by ParquetSharp, which allows for it, never by VecFlow's own page decoder.
    /// </summary>
    public bool ChunkSizesExact => !WrittenByOldParquetMr(Metadata.CreatedBy);

    /// <summary>The rows of row group <paramref name="group"/>.</summary>
    public long RowCount(int group) => Metadata.RowGroups[group].NumRows;

    /// <summary>The statistics of leaf column <paramref name="leaf"/> in row group <paramref name="group"/>, or null when the writer kept none.</summary>
    public Statistics? StatisticsOf(int group, int leaf)
    {
        List<ColumnChunk> chunks = Metadata.RowGroups[group].Columns;
        return leaf >= 0 && leaf < chunks.Count ? chunks[leaf].MetaData?.Statistics : null;
    }

    /// <summary>Whether <paramref name="createdBy"/> ("parquet-mr version 1.2.8 (build ...)") names parquet-mr before 1.2.9.</summary>
    internal static bool WrittenByOldParquetMr(string? createdBy)
    {
        const string Prefix = "parquet-mr version ";
        if (createdBy is null || !createdBy.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string version = new([.. createdBy[Prefix.Length..].TakeWhile(c => char.IsDigit(c) || c == '.')]);
        return Version.TryParse(version.Contains('.', StringComparison.Ordinal) ? version : version + ".0", out Version? parsed)
            && parsed < new Version(1, 2, 9);
    }

    private static ParquetFooter Parse(string path, FileInfo file)
    {
        try
        {
            ParquetReader reader = ParquetReader.CreateAsync(FileStreams.OpenRead(path), Options, leaveStreamOpen: false).GetAwaiter().GetResult();
            try
            {
                FileMetaData metadata = reader.Metadata
                    ?? throw new ConnectorException($"The file '{path}' is not a readable parquet file: it has no footer.");
                return new ParquetFooter(file.Length, file.LastWriteTimeUtc, reader.Schema.GetDataFields(), metadata);
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is IOException or global::Parquet.ParquetException or InvalidDataException)
        {
            throw new ConnectorException($"The file '{path}' is not a readable parquet file: {e.Message}", e);
        }
    }
}
