using System.Text;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>A fixed list of strings kept as UTF-8 in one array, so generators copy bytes instead of encoding per row.</summary>
internal sealed class Utf8Table
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public Utf8Table(IReadOnlyList<string> values)
    {
        _offsets = new int[values.Count + 1];
        var bytes = new List<byte>();
        for (int i = 0; i < values.Count; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(values[i]));
            _offsets[i + 1] = bytes.Count;
        }

        _bytes = [.. bytes];
    }

    public int Count => _offsets.Length - 1;

    public ReadOnlySpan<byte> this[long index] => _bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    public int LengthOf(long index) => _offsets[index + 1] - _offsets[index];
}
