using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Csv;

/// <summary>Writes rows as CSV lines (LF-terminated, no header), quoting only the fields that need it.</summary>
/// <remarks>
/// A string is quoted when it holds the delimiter, the quote character or a line break, when it is empty or equal to
/// the null literal (so it is not read back as NULL), when it starts with '#' and comments are allowed, or when it has
/// leading or trailing spaces.
/// </remarks>
internal sealed class CsvFileWriter : IFormatWriter
{
    private readonly Stream _output;
    private readonly CsvDialect _dialect;
    private readonly byte[] _nullText;
    private byte[] _buffer = new byte[1 << 16];
    private int _length;

    public CsvFileWriter(Stream output, RowSchema schema, CsvDialect dialect)
    {
        ValueText.CheckSupported(schema, "csv");
        _output = output;
        _dialect = dialect;
        _nullText = dialect.NullLiteralUtf8;
    }

    public void Write(ColumnBatch batch)
    {
        IReadOnlyList<ColumnVector> columns = batch.Columns;
        for (int row = 0; row < batch.Length; row++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    Put(_dialect.Delimiter);
                }

                ColumnVector column = columns[c];
                if (column.IsNull(row))
                {
                    Put(_nullText);
                }
                else if (column.Type.Kind == SqlTypeKind.Varchar)
                {
                    PutString(column.StringAt(row));
                }
                else
                {
                    Ensure(ValueText.MaxLength);
                    _length += ValueText.Format(column, row, _buffer.AsSpan(_length));
                }
            }

            Put((byte)'\n');
            if (_length > _buffer.Length / 2)
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

    public void Dispose()
    {
    }

    private void PutString(ReadOnlySpan<byte> text)
    {
        if (!_dialect.QuotingEnabled || !NeedsQuotes(text))
        {
            Put(text);
            return;
        }

        byte quote = _dialect.Quote;
        Ensure((text.Length * 2) + 2);
        _buffer[_length++] = quote;
        foreach (byte b in text)
        {
            _buffer[_length++] = b;
            if (b == quote)
            {
                _buffer[_length++] = quote;
            }
        }

        _buffer[_length++] = quote;
    }

    private bool NeedsQuotes(ReadOnlySpan<byte> text) =>
        text.IsEmpty
        || text.IndexOfAny(_dialect.Delimiter, _dialect.Quote, (byte)'\n') >= 0
        || text.Contains((byte)'\r')
        || (_dialect.NullLiteral is not null && text.SequenceEqual(_nullText))
        || (_dialect.AllowComments && text[0] == '#')
        || text[0] == ' ' || text[^1] == ' ';

    private void Put(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Flush();
            if (bytes > _buffer.Length)
            {
                _buffer = new byte[bytes * 2];
            }
        }
    }

    private void Flush()
    {
        _output.Write(_buffer, 0, _length);
        _length = 0;
    }
}
