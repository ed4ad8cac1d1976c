namespace VecFlow.Vector.Kernels;

/// <summary>LOCATE(needle, s, start): the 1-based code-point position of the first needle at or after start, 0 if none.</summary>
internal readonly struct LocateMeasure(byte[] needle, long start) : IUtf8Measure
{
    private readonly byte[] _needle = needle;
    private readonly long _start = Math.Max(1, start);

    public int Measure(ReadOnlySpan<byte> value)
    {
        int from = Utf8Text.SkipCodePoints(value, _start - 1);
        if (from == value.Length && Utf8Text.CountCodePoints(value) < _start - 1)
        {
            return 0;
        }

        int at = value[from..].IndexOf(_needle);
        return at < 0 ? 0 : (int)(_start + Utf8Text.CountCodePoints(value.Slice(from, at)));
    }
}
