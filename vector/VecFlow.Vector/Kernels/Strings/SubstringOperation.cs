namespace VecFlow.Vector.Kernels;

/// <summary>SUBSTRING(s FROM start [FOR length]) on code points, with Flink's rules for start &lt;= 0 (see <see cref="StringKernels.Substring"/>).</summary>
internal readonly struct SubstringOperation(long start, long? length) : IUtf8Transform
{
    private readonly long _start = start;
    private readonly long? _length = length;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        ReadOnlySpan<byte> result = Slice(value);
        result.CopyTo(destination);
        return result.Length;
    }

    private ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> value)
    {
        int begin;
        if (_start > 0)
        {
            begin = Utf8Text.SkipCodePoints(value, _start - 1);
        }
        else if (_start < 0)
        {
            // Counts from the end; a start before the first character gives the empty string (Flink).
            begin = Utf8Text.StartOfLastCodePoints(value, -_start);
            if (begin < 0)
            {
                return default;
            }
        }
        else
        {
            begin = 0;
        }

        ReadOnlySpan<byte> rest = value[begin..];
        return _length is long length ? rest[..Utf8Text.SkipCodePoints(rest, length)] : rest;
    }
}
