namespace VecFlow.Vector.Kernels;

/// <summary>POSITION(needle IN s): 1-based code-point index of the first occurrence, 0 if absent, 1 for the empty needle.</summary>
internal readonly struct PositionMeasure(byte[] needle) : IUtf8Measure
{
    private readonly byte[] _needle = needle;

    public int Measure(ReadOnlySpan<byte> value)
    {
        int at = value.IndexOf(_needle);
        return at < 0 ? 0 : Utf8Text.CountCodePoints(value[..at]) + 1;
    }
}
