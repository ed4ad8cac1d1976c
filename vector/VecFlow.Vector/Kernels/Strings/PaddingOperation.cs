namespace VecFlow.Vector.Kernels;

/// <summary>LPAD / RPAD(s, length, pad) on code points: s cut to length, then padded with repeats of pad (Flink's rules).</summary>
/// <remarks>The caller handles length &lt; 0 and an empty pad, which Flink makes NULL.</remarks>
internal readonly struct PaddingOperation(int length, byte[] pad, bool left) : IUtf8Transform
{
    private readonly int _length = length;
    private readonly byte[] _pad = pad;
    private readonly int _padCodePoints = Utf8Text.CountCodePoints(pad);
    private readonly bool _left = left;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length + (int)Math.Min(int.MaxValue / 2, (long)_length * 4);

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int keep = Utf8Text.SkipCodePoints(value, _length);
        int kept = Utf8Text.CountCodePoints(value[..keep]);
        int padding = _length - kept;
        if (_left)
        {
            int written = WritePadding(padding, destination);
            value[..keep].CopyTo(destination[written..]);
            return written + keep;
        }

        value[..keep].CopyTo(destination);
        return keep + WritePadding(padding, destination[keep..]);
    }

    private int WritePadding(int codePoints, Span<byte> destination)
    {
        int written = 0;
        while (codePoints >= _padCodePoints)
        {
            _pad.CopyTo(destination[written..]);
            written += _pad.Length;
            codePoints -= _padCodePoints;
        }

        int part = Utf8Text.SkipCodePoints(_pad, codePoints);
        _pad.AsSpan(0, part).CopyTo(destination[written..]);
        return written + part;
    }
}
