using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>A file format of the filesystem connector: reads a file into batches and writes batches into a file.</summary>
public interface IFileFormat
{
    /// <summary>The <c>'format'</c> value, e.g. "csv".</summary>
    string Name { get; }

    /// <summary>The part file extension without the dot, e.g. "csv".</summary>
    string Extension { get; }

    /// <summary>
    /// Opens <paramref name="path"/>, whose rows have the columns of <paramref name="fileSchema"/>, producing only
    /// <paramref name="columns"/> (indices into <paramref name="fileSchema"/>, in that order).
    /// </summary>
    IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context);

    /// <summary>The independently readable parts of <paramref name="path"/> (Parquet: one per row group), or null when the file is read whole.</summary>
    IReadOnlyList<FileRange>? SplitFile(string path) => null;

    /// <summary>
    /// Opens <paramref name="path"/> like <see cref="OpenReader(string, RowSchema, IReadOnlyList{int}, OperatorContext)"/>,
    /// reading only <paramref name="range"/> (one of <see cref="SplitFile"/>'s parts; null = the whole file) and
    /// skipping data none of whose rows can satisfy every one of <paramref name="predicates"/> (columns index
    /// <paramref name="fileSchema"/>) and possibly dropping rows for which one of them is not TRUE.
    /// </summary>
    IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context, FileRange? range, IReadOnlyList<ScanPredicate> predicates) =>
        OpenReader(path, fileSchema, columns, context);

    /// <summary>
    /// True when every reader opened with <paramref name="predicate"/> (its column indexes <paramref name="fileSchema"/>)
    /// returns only rows for which it is TRUE, reading its column for the check when it is not among the columns asked for.
    /// </summary>
    bool AppliesExactly(ScanPredicate predicate, RowSchema fileSchema) => false;

    /// <summary>True when readers of this format filter by a TopN's published cut-off (<see cref="Runtime.DynamicFilter"/>).</summary>
    bool AppliesDynamicFilter => false;

    /// <summary>Starts writing rows of <paramref name="schema"/> to <paramref name="output"/> (the writer does not close it).</summary>
    IFormatWriter OpenWriter(Stream output, RowSchema schema, OperatorContext context);
}

/// <summary>Reads one file a batch at a time.</summary>
public interface IFormatReader : IDisposable
{
    /// <summary>The next batch of at most <paramref name="maxRows"/> rows (the requested columns), or null at the end of the file.</summary>
    ColumnBatch? Read(int maxRows);

    /// <summary>
    /// Where the rows returned so far end (CSV and JSON lines: the byte offset of the next record), which
    /// <see cref="Seek"/> of a new reader of the same file and range accepts; null when the format cannot resume mid-file.
    /// </summary>
    long? Position => null;

    /// <summary>Continues at <paramref name="position"/> (an earlier reader's <see cref="Position"/>) without reading what lies before it; called before the first <see cref="Read"/>.</summary>
    void Seek(long position) => throw new NotSupportedException("This file format cannot resume mid-file.");
}

/// <summary>Writes batches into one file.</summary>
public interface IFormatWriter : IDisposable
{
    /// <summary>Writes all rows of <paramref name="batch"/> (compacted: no selection); the caller keeps ownership.</summary>
    void Write(ColumnBatch batch);

    /// <summary>Writes any footer and flushes; the file is complete afterwards.</summary>
    void Finish();
}
