namespace VecFlow.Benchmarks.Kernels;

/// <summary>How many bytes of input (and output) one row moves through memory, to turn times into bandwidth.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerRowAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
