using RocksDbSharp;

namespace VecFlow.State.Storage;

/// <summary>RocksDB's merge operator for list heads: appends elements to a list's head entry without reading it.</summary>
/// <remarks>
/// A merge operand is list elements as stored (each with its LEB128 length). The merged value is the stored head, or
/// <see cref="EmptyHead"/> when there is none, followed by the operands in order; two operands merge into their
/// concatenation. Only heads without a TTL envelope are appended this way (see ListState.AddValues). Every column
/// family carries the operator (<see cref="RocksDbFamilies"/>), so a database holding merge operands opens anywhere.
/// The callbacks run on RocksDB's threads and cannot fail.
/// </remarks>
internal static class ListHeadAppend
{
    /// <summary>The operator's name; RocksDB records it with each column family, so it never changes.</summary>
    public const string Name = "vecflow.list-head-append.v1";

    /// <summary>The head of a list with no entry yet: no sealed segment (LEB128 0) and no element.</summary>
    public static ReadOnlySpan<byte> EmptyHead => [0];

    /// <summary>A new instance of the operator: RocksDB owns and destroys the one it is given with each column family's options, so options never share one.</summary>
    public static MergeOperator Create() => MergeOperators.Create(Name, PartialMerge, FullMerge);

    /// <summary>The head <paramref name="head"/> (null: none yet) with <paramref name="elements"/> appended.</summary>
    public static byte[] Appended(byte[]? head, ReadOnlySpan<byte> elements)
    {
        ReadOnlySpan<byte> start = head ?? EmptyHead;
        byte[] value = new byte[start.Length + elements.Length];
        start.CopyTo(value);
        elements.CopyTo(value.AsSpan(start.Length));
        return value;
    }

    private static byte[] FullMerge(ReadOnlySpan<byte> key, bool hasExistingValue, ReadOnlySpan<byte> existingValue, MergeOperators.OperandsEnumerator operands, out bool success)
    {
        ReadOnlySpan<byte> start = hasExistingValue ? existingValue : EmptyHead;
        byte[] value = Concatenate(start, operands);
        success = true;
        return value;
    }

    private static byte[] PartialMerge(ReadOnlySpan<byte> key, MergeOperators.OperandsEnumerator operands, out bool success)
    {
        byte[] value = Concatenate([], operands);
        success = true;
        return value;
    }

    private static byte[] Concatenate(ReadOnlySpan<byte> start, MergeOperators.OperandsEnumerator operands)
    {
        int length = start.Length;
        for (int i = 0; i < operands.Count; i++)
        {
            length += operands.Get(i).Length;
        }

        byte[] value = new byte[length];
        start.CopyTo(value);
        int at = start.Length;
        for (int i = 0; i < operands.Count; i++)
        {
            ReadOnlySpan<byte> operand = operands.Get(i);
            operand.CopyTo(value.AsSpan(at));
            at += operand.Length;
        }

        return value;
    }
}
