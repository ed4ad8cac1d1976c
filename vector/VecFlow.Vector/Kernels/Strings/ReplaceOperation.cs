namespace VecFlow.Vector.Kernels;

/// <summary>REPLACE(s, search, replacement): every non-overlapping occurrence, left to right, found by SIMD span search.</summary>
/// <remarks>Byte-level search is exact for code points because UTF-8 is self-synchronizing. The search is never empty here.</remarks>
internal readonly struct ReplaceOperation(byte[] search, byte[] replacement) : IUtf8Transform
{
    private readonly byte[] _search = search;
    private readonly byte[] _replacement = replacement;

    public int MaxByteCount(ReadOnlySpan<byte> value)
    {
        if (_replacement.Length <= _search.Length)
        {
            return value.Length;
        }

        // Growing: count the occurrences so that the reservation is exact, not length x replacement.
        long occurrences = 0;
        ReadOnlySpan<byte> rest = value;
        for (int at = rest.IndexOf(_search); at >= 0; at = rest.IndexOf(_search))
        {
            occurrences++;
            rest = rest[(at + _search.Length)..];
        }

        long total = value.Length + (occurrences * (_replacement.Length - _search.Length));
        return (int)Math.Min(total, int.MaxValue);
    }

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int written = 0;
        for (int at = value.IndexOf(_search); at >= 0; at = value.IndexOf(_search))
        {
            value[..at].CopyTo(destination[written..]);
            written += at;
            _replacement.CopyTo(destination[written..]);
            written += _replacement.Length;
            value = value[(at + _search.Length)..];
        }

        value.CopyTo(destination[written..]);
        return written + value.Length;
    }
}
