using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Json;

/// <summary>Writes one JSON object per row and line; columns named <c>a.b</c> become field b of a nested object a.</summary>
internal sealed class JsonFileWriter : IFormatWriter
{
    private readonly Stream _output;
    private readonly IReadOnlyList<JsonNode> _root;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _writer;
    private readonly byte[] _scratch = new byte[ValueText.MaxLength];

    public JsonFileWriter(Stream output, RowSchema schema)
    {
        ValueText.CheckSupported(schema, "json");
        _output = output;
        _root = JsonNode.Tree(schema.Names);

        // Relaxed escaping keeps non-ASCII text readable; the files are data, never embedded in HTML.
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public void Write(ColumnBatch batch)
    {
        for (int row = 0; row < batch.Length; row++)
        {
            _writer.Reset();
            WriteObject(_root, batch.Columns, row);
            _writer.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (_buffer.WrittenCount > 1 << 15)
            {
                Flush();
            }
        }

        // Hand every batch to the stream so the sink's rolling policy sees the file's real size.
        Flush();
    }

    public void Finish()
    {
        Flush();
        _output.Flush();
    }

    public void Dispose() => _writer.Dispose();

    private void WriteObject(IReadOnlyList<JsonNode> nodes, IReadOnlyList<ColumnVector> columns, int row)
    {
        _writer.WriteStartObject();
        foreach (JsonNode node in nodes)
        {
            _writer.WritePropertyName(node.Name);
            if (node.Column < 0)
            {
                WriteObject(node.Children, columns, row);
            }
            else
            {
                WriteValue(columns[node.Column], row);
            }
        }

        _writer.WriteEndObject();
    }

    private void WriteValue(ColumnVector column, int row)
    {
        if (column.IsNull(row))
        {
            _writer.WriteNullValue();
            return;
        }

        switch (column.Type.Kind)
        {
            case SqlTypeKind.Varchar:
                _writer.WriteStringValue(column.StringAt(row));
                return;
            case SqlTypeKind.Boolean:
                _writer.WriteBooleanValue(Bits.Get(column.BooleanWords, row));
                return;
            case SqlTypeKind.Float or SqlTypeKind.Double:
                {
                    int n = ValueText.Format(column, row, _scratch);
                    ReadOnlySpan<byte> text = _scratch.AsSpan(0, n);
                    if (text[^1] is (byte)'N' or (byte)'y')
                    {
                        _writer.WriteStringValue(text);
                    }
                    else
                    {
                        _writer.WriteRawValue(text, skipInputValidation: true);
                    }

                    return;
                }

            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Decimal:
                _writer.WriteRawValue(_scratch.AsSpan(0, ValueText.Format(column, row, _scratch)), skipInputValidation: true);
                return;
            default:
                _writer.WriteStringValue(_scratch.AsSpan(0, ValueText.Format(column, row, _scratch)));
                return;
        }
    }

    private void Flush()
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }
}

/// <summary>One field of the JSON object tree a row is written as: a column (leaf) or a nested object.</summary>
internal sealed class JsonNode(string name, int column)
{
    public string Name { get; } = name;

    /// <summary>The column index of a leaf; -1 for a nested object.</summary>
    public int Column { get; } = column;

    public List<JsonNode> Children { get; } = [];

    /// <summary>The nesting of flattened column names: "bid.price" is field price of object bid.</summary>
    public static IReadOnlyList<JsonNode> Tree(IReadOnlyList<string> names)
    {
        var root = new List<JsonNode>();
        for (int c = 0; c < names.Count; c++)
        {
            string[] parts = names[c].Split('.');
            List<JsonNode> level = root;
            for (int p = 0; p < parts.Length - 1; p++)
            {
                JsonNode? parent = level.Find(n => n.Column < 0 && n.Name == parts[p]);
                if (parent is null)
                {
                    parent = new JsonNode(parts[p], -1);
                    level.Add(parent);
                }

                level = parent.Children;
            }

            level.Add(new JsonNode(parts[^1], c));
        }

        return root;
    }
}
