namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Per-batch scratch arrays an operator keeps across batches: grown to the largest batch, never shrunk.</summary>
internal static class Scratch
{
    /// <summary>The first <paramref name="length"/> elements of <paramref name="array"/>, first replacing it by a larger one (at least double) if it is too short; contents are stale.</summary>
    public static Span<T> Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }

        return array.AsSpan(0, length);
    }
}
