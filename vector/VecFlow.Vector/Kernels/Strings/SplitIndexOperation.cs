namespace VecFlow.Vector.Kernels;

/// <summary>SPLIT_INDEX(s, delimiter, index): the index-th (0-based) field of s split at every delimiter; NULL when out of range (Flink).</summary>
/// <remarks>
/// As Flink (commons-lang splitByWholeSeparatorPreserveAllTokens): empty fields are kept ('a,,b' has 3 fields), the
/// empty string has no field at all, and an empty delimiter splits at single spaces.
/// </remarks>
internal readonly struct SplitIndexOperation(byte[] delimiter, int index) : IUtf8PartialTransform
{
    private readonly byte[] _delimiter = delimiter.Length == 0 ? " "u8.ToArray() : delimiter;
    private readonly int _index = index;

    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public bool TryTransform(ReadOnlySpan<byte> value, Span<byte> destination, out int written)
    {
        written = 0;
        if (_index < 0 || value.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = value;
        for (int field = 0; ; field++)
        {
            int at = rest.IndexOf(_delimiter);
            if (field == _index)
            {
                ReadOnlySpan<byte> found = at < 0 ? rest : rest[..at];
                found.CopyTo(destination);
                written = found.Length;
                return true;
            }

            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + _delimiter.Length)..];
        }
    }
}
