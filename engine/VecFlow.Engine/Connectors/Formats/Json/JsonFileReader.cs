using System.Text;
using System.Text.Json;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Json;

/// <summary>Reads one JSON object per line with <see cref="Utf8JsonReader"/> straight into column buffers.</summary>
/// <remarks>
/// Field names are looked up as spans (no string per field); nested objects extend the path ("bid" then "price" is
/// column "bid.price"). Fields that match no requested column are skipped. Blank lines are skipped.
/// </remarks>
internal sealed class JsonFileReader : IFormatReader
{
    private const int MaxPathChars = 512;

    private readonly LineReader _lines;
    private readonly RowSchema _fileSchema;
    private readonly IReadOnlyList<int> _columns;
    private readonly JsonOptions _options;
    private readonly MalformedRows _malformed;
    private readonly ColumnAppender[] _appenders;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slots;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _objectPaths;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _allColumns;
    private readonly bool[] _seen;
    private readonly char[] _path = new char[MaxPathChars];
    private byte[] _unescaped = new byte[256];
    private bool _done;

    public JsonFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, JsonOptions options, OperatorContext context)
    {
        ValueText.CheckSupported(fileSchema, "json");
        _fileSchema = fileSchema;
        _columns = columns;
        _options = options;
        _malformed = new MalformedRows("JSON", path, fileSchema, options.IgnoreParseErrors, JsonOptions.IgnoreParseErrorsKey, context.Metrics);
        _appenders = [.. columns.Select(c => ColumnAppender.Require(fileSchema[c].Type, fileSchema[c].Name, "json", context.Pool))];
        _seen = new bool[columns.Count];

        // The filesystem source asks for each column at most once, so a name maps to one slot.
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < columns.Count; j++)
        {
            string name = fileSchema[columns[j]].Name;
            slots.TryAdd(name, j);
        }

        foreach (string name in fileSchema.Names)
        {
            for (int dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
            {
                prefixes.Add(name[..dot]);
            }
        }

        _slots = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        _objectPaths = prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        _allColumns = new HashSet<string>(fileSchema.Names, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _lines = new LineReader(FileStreams.OpenRead(path));
    }

    public ColumnBatch? Read(int maxRows)
    {
        if (_done)
        {
            return null;
        }

        foreach (ColumnAppender appender in _appenders)
        {
            appender.Begin(maxRows);
        }

        int rows = 0;
        while (rows < maxRows)
        {
            if (!_lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                _done = true;
                break;
            }

            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (ParseRow(line))
            {
                rows++;
            }
            else
            {
                foreach (ColumnAppender appender in _appenders)
                {
                    appender.Truncate(rows);
                }
            }
        }

        if (rows == 0 && _done)
        {
            return null;
        }

        var built = new List<ColumnVector>(_appenders.Length);
        foreach (ColumnAppender appender in _appenders)
        {
            built.Add(appender.Build());
        }

        return new ColumnBatch([.. _columns.Select(c => _fileSchema[c].Name)], built, rows);
    }

    public long? Position => _lines.Position;

    public void Seek(long position) => _lines.Seek(position);

    public void Dispose()
    {
        _lines.Dispose();
        foreach (ColumnAppender appender in _appenders)
        {
            appender.Dispose();
        }
    }

    /// <summary>Parses one line into the appenders; false when the row is malformed and skipped (the caller truncates).</summary>
    private bool ParseRow(ReadOnlySpan<byte> line)
    {
        Array.Clear(_seen);
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                _malformed.BadRow(_lines.Line, "expected a JSON object per line");
                return false;
            }

            if (!ReadObject(ref reader, 0))
            {
                return false;
            }

            if (reader.Read())
            {
                _malformed.BadRow(_lines.Line, $"unexpected {reader.TokenType} after the end of the object");
                return false;
            }
        }
        catch (JsonException e)
        {
            _malformed.BadRow(_lines.Line, "invalid JSON: " + e.Message.TrimEnd('.'));
            return false;
        }

        for (int j = 0; j < _appenders.Length; j++)
        {
            if (_seen[j])
            {
                continue;
            }

            if (_options.FailOnMissingField)
            {
                _malformed.BadRow(_lines.Line, $"column {_columns[j] + 1} ('{_fileSchema[_columns[j]].Name}'): the field is missing and 'json.fail-on-missing-field' is true");
                return false;
            }

            _appenders[j].AppendNull();
        }

        return true;
    }

    /// <summary>Reads the members of an object whose path prefix occupies <c>_path[..prefix]</c>.</summary>
    private bool ReadObject(ref Utf8JsonReader reader, int prefix)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            int length = AppendName(ref reader, prefix);
            ReadOnlySpan<char> path = _path.AsSpan(0, length);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && length < MaxPathChars - 1 && _objectPaths.Contains(path))
            {
                _path[length] = '.';
                if (!ReadObject(ref reader, length + 1))
                {
                    return false;
                }

                continue;
            }

            if (!_slots.TryGetValue(path, out int slot) || _seen[slot])
            {
                if (_allColumns.Contains(path) && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    int column = _fileSchema.IndexOf(path.ToString());
                    _malformed.BadRow(_lines.Line, $"column {column + 1} ('{_fileSchema[column].Name}'): expected a {_fileSchema[column].Type} value, found a JSON {reader.TokenType}");
                    return false;
                }

                reader.Skip();
                continue;
            }

            _seen[slot] = true;
            if (!ReadValue(ref reader, slot))
            {
                return false;
            }
        }

        throw new JsonException("the object is not closed");
    }

    private int AppendName(ref Utf8JsonReader reader, int prefix)
    {
        int max = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (prefix + max > MaxPathChars)
        {
            return prefix;
        }

        return prefix + reader.CopyString(_path.AsSpan(prefix));
    }

    private bool ReadValue(ref Utf8JsonReader reader, int slot)
    {
        ColumnAppender appender = _appenders[slot];
        SqlType type = appender.Type;
        ReadOnlySpan<byte> text;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                appender.AppendNull();
                return true;
            case JsonTokenType.Number:
                text = reader.ValueSpan;
                if (!type.IsNumeric && type.Kind != SqlTypeKind.Varchar)
                {
                    return Bad(slot, text, appender.Expected);
                }

                break;
            case JsonTokenType.True or JsonTokenType.False:
                text = reader.TokenType == JsonTokenType.True ? "true"u8 : "false"u8;
                if (type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Varchar))
                {
                    return Bad(slot, text, appender.Expected);
                }

                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    if (_unescaped.Length < reader.ValueSpan.Length)
                    {
                        _unescaped = new byte[reader.ValueSpan.Length * 2];
                    }

                    text = _unescaped.AsSpan(0, reader.CopyString(_unescaped));
                }
                else
                {
                    text = reader.ValueSpan;
                }

                break;
            default:
                {
                    long start = reader.TokenStartIndex;
                    reader.Skip();
                    return Bad(slot, Encoding.UTF8.GetBytes($"<JSON {(reader.TokenType == JsonTokenType.EndArray ? "array" : "object")} at byte {start + 1}>"), appender.Expected);
                }
        }

        return appender.TryAppend(text) || Bad(slot, text, appender.Expected);
    }

    private bool Bad(int slot, ReadOnlySpan<byte> text, string expected)
    {
        _malformed.BadValue(_lines.Line, _columns[slot], text, expected);
        return false;
    }
}
