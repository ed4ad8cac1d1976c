namespace VecFlow.Vector.Kernels;

/// <summary>REPEAT(s, count): s written count times; count &lt;= 0 gives ''.</summary>
internal readonly struct RepeatOperation(int count) : IUtf8Transform
{
    private readonly int _count = Math.Max(0, count);

    public int MaxByteCount(ReadOnlySpan<byte> value)
    {
        long bytes = (long)value.Length * _count;
        return bytes > int.MaxValue / 2
            ? throw new InvalidOperationException($"REPEAT would build a string of {bytes} bytes; a value holds at most 1 GiB.")
            : (int)bytes;
    }

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        for (int i = 0; i < _count; i++)
        {
            value.CopyTo(destination[(i * value.Length)..]);
        }

        return value.Length * _count;
    }
}
