using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Formats.Csv;

/// <summary>The 'csv' format: RFC 4180 text, no header, Flink's 'csv.*' options (see <see cref="CsvDialect"/>).</summary>
public sealed class CsvFormat(CsvDialect dialect) : IFileFormat
{
    public CsvDialect Dialect { get; } = dialect;

    public string Name => "csv";

    public string Extension => "csv";

    public IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context) =>
        new CsvFileReader(path, fileSchema, columns, Dialect, context);

    public IFormatWriter OpenWriter(Stream output, RowSchema schema, OperatorContext context) => new CsvFileWriter(output, schema, Dialect);
}
