namespace VecFlow.Vector.Kernels;

/// <summary>LEFT / RIGHT(s, count): the first or last count code points; count &lt;= 0 gives '' (Flink).</summary>
internal readonly struct EdgeOperation(long count, bool fromLeft) : IUtf8Transform
{
    private readonly long _count = count;
    private readonly bool _fromLeft = fromLeft;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (_count <= 0)
        {
            return 0;
        }

        ReadOnlySpan<byte> part;
        if (_fromLeft)
        {
            part = value[..Utf8Text.SkipCodePoints(value, _count)];
        }
        else
        {
            int start = Utf8Text.StartOfLastCodePoints(value, _count);
            part = start < 0 ? value : value[start..];
        }

        part.CopyTo(destination);
        return part.Length;
    }
}
