namespace VecFlow.Vector.Kernels;

/// <summary>REVERSE(s): the code points of s in reverse order (a multi-byte character stays intact).</summary>
internal readonly struct ReverseOperation : IUtf8Transform
{
    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int end = value.Length;
        int at = 0;
        while (at < value.Length)
        {
            int next = Utf8Text.NextCodePoint(value, at);
            int size = next - at;
            value[at..next].CopyTo(destination[(end - size)..end]);
            end -= size;
            at = next;
        }

        return value.Length;
    }
}
