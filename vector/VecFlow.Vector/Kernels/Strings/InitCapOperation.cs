namespace VecFlow.Vector.Kernels;

/// <summary>INITCAP(s): the first letter of each word upper case, the rest lower case; a word is a run of ASCII letters and digits (Flink/Calcite).</summary>
internal readonly struct InitCapOperation : IUtf8Transform
{
    public int MaxByteCount(ReadOnlySpan<byte> value) => value.Length;

    public int Transform(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        bool start = true;
        for (int i = 0; i < value.Length; i++)
        {
            byte c = value[i];
            bool digit = c is >= (byte)'0' and <= (byte)'9';
            bool upper = c is >= (byte)'A' and <= (byte)'Z';
            bool lower = c is >= (byte)'a' and <= (byte)'z';
            if (start)
            {
                destination[i] = lower ? (byte)(c - 32) : c;
                start = !(digit || upper || lower);
            }
            else
            {
                destination[i] = upper ? (byte)(c + 32) : c;
                start = !(digit || upper || lower);
            }
        }

        return value.Length;
    }
}
