using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Formats.Json;

/// <summary>The 'json' format: one JSON object per line; flattened <c>row.field</c> columns are nested objects.</summary>
/// <remarks>
/// Fields match columns by exact (case-sensitive) name, as in Flink. Numeric columns are JSON numbers (a string holding
/// a number is accepted on read), BOOLEAN is true/false, text and temporal columns are strings in SQL form
/// (TIMESTAMP <c>yyyy-MM-dd HH:mm:ss[.SSS]</c>, 'T' accepted on read), NULL is null, and a missing field is NULL
/// unless 'json.fail-on-missing-field' is set. NaN and infinities, which JSON numbers cannot hold, are written as the
/// strings "NaN", "Infinity", "-Infinity".
/// </remarks>
public sealed class JsonFormat(JsonOptions options) : IFileFormat
{
    public JsonOptions Options { get; } = options;

    public string Name => "json";

    public string Extension => "json";

    public IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context) =>
        new JsonFileReader(path, fileSchema, columns, Options, context);

    public IFormatWriter OpenWriter(Stream output, RowSchema schema, OperatorContext context) => new JsonFileWriter(output, schema);
}
