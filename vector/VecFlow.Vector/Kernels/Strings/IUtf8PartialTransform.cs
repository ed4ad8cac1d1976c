namespace VecFlow.Vector.Kernels;

/// <summary>A string-to-string function that may give NULL for a row (no match, index out of range), applied by <see cref="PartialStringTransformDriver"/>.</summary>
public interface IUtf8PartialTransform
{
    /// <summary>An upper bound of the bytes <see cref="TryTransform"/> writes for <paramref name="value"/>.</summary>
    int MaxByteCount(ReadOnlySpan<byte> value);

    /// <summary>Writes the result for <paramref name="value"/>; false when the result is NULL.</summary>
    bool TryTransform(ReadOnlySpan<byte> value, Span<byte> destination, out int written);
}
