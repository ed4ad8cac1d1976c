namespace VecFlow.Engine.Connectors.Formats.Csv;

/// <summary>Splits a UTF-8 CSV stream into records and fields (RFC 4180), pointing into its own buffer: no copies, no strings.</summary>
/// <remarks>
/// A record ends at LF, CR LF or CR outside quotes; a quoted field may hold delimiters, line breaks and doubled quote
/// characters. Sep and CsvHelper were not used because Flink's options need a configurable or disabled quote character
/// and comment lines, and because parsing wants the raw UTF-8 bytes for the CAST text parsers. Blank lines are
/// skipped unless the table has one column (then a blank line is a row with one empty field). Fields stay valid
/// until the next <see cref="ReadRecord"/>.
/// </remarks>
internal sealed class CsvRecordReader : IDisposable
{
    private const int InitialBuffer = 1 << 18;

    private readonly Stream _stream;
    private readonly CsvDialect _dialect;
    private readonly bool _blankLineIsRecord;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;
    private long _nextLine = 1;

    // The stream offset of _buffer[0]: the next unread record starts at byte _origin + _start.
    private long _origin;
    private int[] _fieldStart = new int[16];
    private int[] _fieldLength = new int[16];
    private byte[] _fieldFlags = new byte[16];
    private byte[] _unescaped = new byte[256];

    public CsvRecordReader(Stream stream, CsvDialect dialect, bool blankLineIsRecord)
    {
        _stream = stream;
        _dialect = dialect;
        _blankLineIsRecord = blankLineIsRecord;
    }

    private enum Scan
    {
        Record,
        NeedMore,
        Skipped,
    }

    /// <summary>The 1-based line the current record starts on.</summary>
    public long Line { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>The byte offset in the stream just after the record last read (where the next record starts).</summary>
    public long Position => _origin + _start;

    /// <summary>Why the current record is malformed (broken quoting), or null.</summary>
    public string? Problem { get; private set; }

    public bool IsQuoted(int field) => (_fieldFlags[field] & 1) != 0;

    /// <summary>The field's text with its quotes removed and doubled quote characters collapsed.</summary>
    public ReadOnlySpan<byte> Field(int field)
    {
        ReadOnlySpan<byte> raw = _buffer.AsSpan(_fieldStart[field], _fieldLength[field]);
        if ((_fieldFlags[field] & 2) == 0)
        {
            return raw;
        }

        if (_unescaped.Length < raw.Length)
        {
            _unescaped = new byte[raw.Length * 2];
        }

        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            _unescaped[n++] = raw[i];
            if (raw[i] == _dialect.Quote)
            {
                i++;
            }
        }

        return _unescaped.AsSpan(0, n);
    }

    /// <summary>Continues reading at byte <paramref name="offset"/> (a <see cref="Position"/> of an earlier reader of the same file), before any record is read.</summary>
    public void Seek(long offset)
    {
        if (!_first)
        {
            throw new InvalidOperationException("A CSV record reader seeks only before it reads.");
        }

        if (offset > 0)
        {
            _stream.Seek(offset, SeekOrigin.Begin);
            _origin = offset;
            _first = false;
        }
    }

    /// <summary>Moves to the next record; false at the end of the stream.</summary>
    public bool ReadRecord()
    {
        if (_first)
        {
            _first = false;
            Fill();
            if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            {
                _start += 3;
            }
        }

        while (true)
        {
            if (_start >= _end)
            {
                if (_eof)
                {
                    return false;
                }

                Fill();
                continue;
            }

            switch (TryScan(out int next, out long lines))
            {
                case Scan.Record:
                    Line = _nextLine;
                    _nextLine += lines;
                    _start = next;
                    return true;
                case Scan.Skipped:
                    _nextLine += lines;
                    _start = next;
                    break;
                default:
                    Fill();
                    break;
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private Scan TryScan(out int next, out long lines)
    {
        ReadOnlySpan<byte> buffer = _buffer.AsSpan(0, _end);
        byte delimiter = _dialect.Delimiter;
        byte quote = _dialect.Quote;
        int p = _start;
        next = p;
        lines = 0;
        FieldCount = 0;
        Problem = null;

        byte first = buffer[p];
        if ((first is (byte)'\n' or (byte)'\r' && !_blankLineIsRecord) || (first == '#' && _dialect.AllowComments))
        {
            int lineEnd = buffer[p..].IndexOfAny((byte)'\n', (byte)'\r');
            return lineEnd < 0 ? (_eof ? SkipTo(_end, 1, out next, out lines) : Scan.NeedMore) : EndOfLine(p + lineEnd, out next, out lines);
        }

        while (true)
        {
            if (p < buffer.Length && buffer[p] == quote && _dialect.QuotingEnabled)
            {
                int contentStart = p + 1;
                int q = contentStart;
                bool escaped = false;
                while (true)
                {
                    int found = buffer[q..].IndexOf(quote);
                    if (found < 0)
                    {
                        if (_eof)
                        {
                            AddField(contentStart, _end - contentStart, 1);
                            Problem = "a quoted field is not closed before the end of the file";
                            return SkipTo(_end, CountLines(buffer[_start.._end]) + 1, out next, out lines);
                        }

                        return Scan.NeedMore;
                    }

                    q += found;
                    if (q + 1 >= buffer.Length && !_eof)
                    {
                        return Scan.NeedMore;
                    }

                    if (q + 1 < buffer.Length && buffer[q + 1] == quote)
                    {
                        escaped = true;
                        q += 2;
                        continue;
                    }

                    break;
                }

                AddField(contentStart, q - contentStart, (byte)(escaped ? 3 : 1));
                p = q + 1;
                if (p < buffer.Length && buffer[p] != delimiter && buffer[p] != '\n' && buffer[p] != '\r')
                {
                    Problem = $"unexpected character '{(char)buffer[p]}' after the closing quote of field {FieldCount}";
                    int lineEnd = buffer[p..].IndexOfAny((byte)'\n', (byte)'\r');
                    if (lineEnd < 0)
                    {
                        return _eof ? SkipTo(_end, CountLines(buffer[_start.._end]) + 1, out next, out lines) : Scan.NeedMore;
                    }

                    Scan ended = EndOfLine(p + lineEnd, out next, out lines);
                    lines += CountLines(buffer[_start..(p + lineEnd)]);
                    return ended == Scan.NeedMore ? Scan.NeedMore : Scan.Record;
                }
            }
            else
            {
                int found = buffer[p..].IndexOfAny(delimiter, (byte)'\n', (byte)'\r');
                if (found < 0)
                {
                    if (!_eof)
                    {
                        return Scan.NeedMore;
                    }

                    found = buffer.Length - p;
                }

                AddField(p, found, 0);
                p += found;
            }

            if (p >= buffer.Length)
            {
                // The end of the file ends the last record, with or without a final line break.
                next = p;
                lines = 1 + CountQuotedLines(buffer[_start..p]);
                return Scan.Record;
            }

            if (buffer[p] == delimiter)
            {
                p++;
                if (p >= buffer.Length && _eof)
                {
                    AddField(p, 0, 0);
                    next = p;
                    lines = 1 + CountQuotedLines(buffer[_start..p]);
                    return Scan.Record;
                }

                continue;
            }

            Scan scan = EndOfLine(p, out next, out lines);
            if (scan == Scan.NeedMore)
            {
                return scan;
            }

            lines += CountQuotedLines(buffer[_start..p]);
            return Scan.Record;
        }
    }

    /// <summary>Consumes the line break at <paramref name="p"/> (LF, CR LF or CR).</summary>
    private Scan EndOfLine(int p, out int next, out long lines)
    {
        lines = 1;
        next = p + 1;
        if (_buffer[p] == '\r')
        {
            if (next >= _end && !_eof)
            {
                return Scan.NeedMore;
            }

            if (next < _end && _buffer[next] == '\n')
            {
                next++;
            }
        }

        return FieldCount == 0 ? Scan.Skipped : Scan.Record;
    }

    private Scan SkipTo(int position, long lineCount, out int next, out long lines)
    {
        next = position;
        lines = lineCount;
        return FieldCount == 0 ? Scan.Skipped : Scan.Record;
    }

    /// <summary>Line breaks inside quoted fields, which move the line number of the next record.</summary>
    private long CountQuotedLines(ReadOnlySpan<byte> record)
    {
        for (int f = 0; f < FieldCount; f++)
        {
            if ((_fieldFlags[f] & 1) != 0)
            {
                return CountLines(record);
            }
        }

        return 0;
    }

    private static long CountLines(ReadOnlySpan<byte> text) => text.Count((byte)'\n');

    private void AddField(int start, int length, byte flags)
    {
        if (FieldCount == _fieldStart.Length)
        {
            Array.Resize(ref _fieldStart, FieldCount * 2);
            Array.Resize(ref _fieldLength, FieldCount * 2);
            Array.Resize(ref _fieldFlags, FieldCount * 2);
        }

        _fieldStart[FieldCount] = start;
        _fieldLength[FieldCount] = length;
        _fieldFlags[FieldCount] = flags;
        FieldCount++;
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when one record fills it, and reads more.</summary>
    private void Fill()
    {
        if (_eof)
        {
            return;
        }

        int pending = _end - _start;
        if (_start > 0)
        {
            _origin += _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int want = _buffer.Length - _end;
        int read = _stream.ReadAtLeast(_buffer.AsSpan(_end, want), want, throwOnEndOfStream: false);
        _end += read;
        _eof = read < want;
    }
}
