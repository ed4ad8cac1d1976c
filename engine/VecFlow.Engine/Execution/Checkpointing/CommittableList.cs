using System.Text;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>A sink subtask's committables as operator state: a count, then each as a length-prefixed UTF-8 string.</summary>
internal static class CommittableList
{
    public static byte[] Encode(IReadOnlyList<string> committables)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(committables.Count);
            foreach (string committable in committables)
            {
                writer.Write(committable);
            }
        }

        return buffer.ToArray();
    }

    public static List<string> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        int count = reader.ReadInt32();
        var committables = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            committables.Add(reader.ReadString());
        }

        return committables;
    }
}
