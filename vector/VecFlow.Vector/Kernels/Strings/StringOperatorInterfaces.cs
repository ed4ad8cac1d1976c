namespace VecFlow.Vector.Kernels;

/// <summary>A test on one string value (starts with, LIKE, ...), evaluated by <see cref="StringPredicateDriver"/>.</summary>
/// <remarks>
/// Unlike the numeric operators these carry state (the needle, the compiled pattern), so they are instance methods on
/// a readonly struct; the driver is generic over the struct, so each predicate still gets its own specialized loop.
/// </remarks>
public interface IUtf8Predicate
{
    bool Matches(ReadOnlySpan<byte> value);
}

/// <summary>A string-to-string function (upper, trim, substring, ...), applied row by row by <see cref="StringTransformDriver"/>.</summary>
public interface IUtf8Transform
{
    /// <summary>An upper bound of the bytes <see cref="Transform"/> writes for <paramref name="value"/>.</summary>
    int MaxByteCount(ReadOnlySpan<byte> value);

    /// <summary>Writes the result for <paramref name="value"/> and returns its length in bytes.</summary>
    int Transform(ReadOnlySpan<byte> value, Span<byte> destination);
}

/// <summary>A string-to-INT function (position, ...), applied row by row by <see cref="StringMeasureDriver"/>.</summary>
public interface IUtf8Measure
{
    int Measure(ReadOnlySpan<byte> value);
}
