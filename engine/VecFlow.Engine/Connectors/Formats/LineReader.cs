namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Reads a UTF-8 stream line by line into its own buffer (LF or CR LF), with no string per line.</summary>
internal sealed class LineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = new byte[1 << 18];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    // The stream offset of _buffer[0]: the byte offset of the next unread line is _origin + _start.
    private long _origin;

    /// <summary>The 1-based number of the line last returned (counted from where reading started).</summary>
    public long Line { get; private set; }

    /// <summary>The byte offset in the stream just after the line last returned (where the next line starts).</summary>
    public long Position => _origin + _start;

    /// <summary>Continues reading at byte <paramref name="offset"/> (a <see cref="Position"/> of an earlier reader of the same file), before any line is read.</summary>
    public void Seek(long offset)
    {
        if (_origin != 0 || _end != 0)
        {
            throw new InvalidOperationException("A line reader seeks only before it reads.");
        }

        if (offset > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            _origin = offset;
            _first = false;
        }
    }

    /// <summary>The next line without its line break, valid until the next call; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int found = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (found >= 0 || (_eof && _start < _end))
            {
                int length = found >= 0 ? found : _end - _start;
                line = _buffer.AsSpan(_start, length);
                _start += found >= 0 ? found + 1 : length;
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                if (_first)
                {
                    _first = false;
                    if (line.StartsWith("\uFEFF"u8))
                    {
                        line = line[3..];
                    }
                }

                Line++;
                return true;
            }

            if (_eof)
            {
                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose() => stream.Dispose();

    private void Fill()
    {
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
        int read = stream.ReadAtLeast(_buffer.AsSpan(_end, want), want, throwOnEndOfStream: false);
        _end += read;
        _eof = read < want;
    }
}
