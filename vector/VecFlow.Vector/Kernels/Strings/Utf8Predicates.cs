namespace VecFlow.Vector.Kernels;

// Byte-level tests on UTF-8. They are exact for code points too: UTF-8 is self-synchronizing, so the bytes of a valid
// needle can only match a valid haystack at code-point boundaries. The span searches are SIMD-accelerated in .NET.

/// <summary>value = literal (LIKE without wildcards).</summary>
internal readonly struct Utf8Equals(byte[] literal) : IUtf8Predicate
{
    private readonly byte[] _literal = literal;

    public bool Matches(ReadOnlySpan<byte> value) => value.SequenceEqual(_literal);
}

/// <summary>value starts with prefix (STARTS_WITH, LIKE 'abc%').</summary>
internal readonly struct Utf8StartsWith(byte[] prefix) : IUtf8Predicate
{
    private readonly byte[] _prefix = prefix;

    public bool Matches(ReadOnlySpan<byte> value) => value.StartsWith(_prefix);
}

/// <summary>value ends with suffix (ENDS_WITH, LIKE '%abc').</summary>
internal readonly struct Utf8EndsWith(byte[] suffix) : IUtf8Predicate
{
    private readonly byte[] _suffix = suffix;

    public bool Matches(ReadOnlySpan<byte> value) => value.EndsWith(_suffix);
}

/// <summary>value contains needle (LIKE '%abc%'); the empty needle is in every value.</summary>
internal readonly struct Utf8Contains(byte[] needle) : IUtf8Predicate
{
    private readonly byte[] _needle = needle;

    public bool Matches(ReadOnlySpan<byte> value) => value.IndexOf(_needle) >= 0;
}

/// <summary>value starts with prefix and ends with suffix, without the two overlapping (LIKE 'a%b').</summary>
internal readonly struct Utf8StartsAndEndsWith(byte[] prefix, byte[] suffix) : IUtf8Predicate
{
    private readonly byte[] _prefix = prefix;
    private readonly byte[] _suffix = suffix;

    public bool Matches(ReadOnlySpan<byte> value) =>
        value.Length >= _prefix.Length + _suffix.Length && value.StartsWith(_prefix) && value.EndsWith(_suffix);
}

/// <summary>A LIKE pattern with '_' or several '%'-separated parts, matched by <see cref="WildcardMatcher"/>.</summary>
internal readonly struct Utf8Wildcard(int[] tokens) : IUtf8Predicate
{
    private readonly int[] _tokens = tokens;

    public bool Matches(ReadOnlySpan<byte> value) => WildcardMatcher.Matches(_tokens, value);
}
