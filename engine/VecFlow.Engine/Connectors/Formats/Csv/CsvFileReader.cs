using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Csv;

/// <summary>Reads a CSV file straight into column buffers: each field is parsed in place from the read buffer.</summary>
internal sealed class CsvFileReader : IFormatReader
{
    private readonly CsvRecordReader _records;
    private readonly CsvDialect _dialect;
    private readonly RowSchema _fileSchema;
    private readonly IReadOnlyList<int> _columns;
    private readonly ColumnAppender[] _appenders;
    private readonly bool[] _isString;
    private readonly MalformedRows _malformed;
    private bool _done;

    public CsvFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, CsvDialect dialect, OperatorContext context)
    {
        ValueText.CheckSupported(fileSchema, "csv");
        _dialect = dialect;
        _fileSchema = fileSchema;
        _columns = columns;
        _malformed = new MalformedRows("CSV", path, fileSchema, dialect.IgnoreParseErrors, CsvDialect.IgnoreParseErrorsKey, context.Metrics);
        _appenders = [.. columns.Select(c => ColumnAppender.Require(fileSchema[c].Type, fileSchema[c].Name, "csv", context.Pool))];
        _isString = [.. columns.Select(c => fileSchema[c].Type.Kind == SqlTypeKind.Varchar)];
        _records = new CsvRecordReader(FileStreams.OpenRead(path), dialect, fileSchema.Count == 1);
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
            if (!_records.ReadRecord())
            {
                _done = true;
                break;
            }

            if (ParseRecord(rows))
            {
                rows++;
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

    public long? Position => _records.Position;

    public void Seek(long position) => _records.Seek(position);

    public void Dispose()
    {
        _records.Dispose();
        foreach (ColumnAppender appender in _appenders)
        {
            appender.Dispose();
        }
    }

    /// <summary>Appends one record; false (and nothing appended) when it is malformed and malformed rows are skipped.</summary>
    private bool ParseRecord(int row)
    {
        if (_records.Problem is not null)
        {
            _malformed.BadRow(_records.Line, _records.Problem);
            return false;
        }

        if (_records.FieldCount != _fileSchema.Count)
        {
            _malformed.BadRow(_records.Line, $"expected {_fileSchema.Count} fields ({string.Join(", ", _fileSchema.Names)}) but found {_records.FieldCount}");
            return false;
        }

        ReadOnlySpan<byte> nullLiteral = _dialect.NullLiteralUtf8;
        bool hasNullLiteral = _dialect.NullLiteral is not null;
        for (int j = 0; j < _appenders.Length; j++)
        {
            int field = _columns[j];
            ReadOnlySpan<byte> text = _records.Field(field);
            bool quoted = _records.IsQuoted(field);
            ColumnAppender appender = _appenders[j];
            if (!quoted && hasNullLiteral && text.SequenceEqual(nullLiteral))
            {
                appender.AppendNull();
            }
            else if (text.IsEmpty && (!_isString[j] || (!quoted && !hasNullLiteral)))
            {
                appender.AppendNull();
            }
            else if (!appender.TryAppend(text))
            {
                for (int k = 0; k < j; k++)
                {
                    _appenders[k].Truncate(row);
                }

                _malformed.BadValue(_records.Line, field, text, appender.Expected);
                return false;
            }
        }

        return true;
    }
}
