using System.Buffers;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// A typed <see cref="Memory{T}"/> over the first <c>length</c> values of a pooled buffer, so Parquet.Net decodes a
/// column chunk straight into the buffer that becomes the Arrow array. The buffer stays owned by the caller.
/// </summary>
internal sealed unsafe class PooledMemory<T>(NativeBuffer buffer, int length) : MemoryManager<T>
    where T : unmanaged
{
    public override Span<T> GetSpan() => new(buffer.Pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(buffer.Pointer + ((long)elementIndex * sizeof(T)));

    public override void Unpin()
    {
        // Native memory never moves.
    }

    protected override void Dispose(bool disposing)
    {
        // The buffer belongs to the column being built.
    }
}
