using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Kernels;

/// <summary>Temporary pooled buffers of one kernel call (converted inputs, masks), all released together.</summary>
internal sealed class ScratchBuffers(BufferPool pool) : IDisposable
{
    private List<NativeBuffer>? _buffers;

    public Span<T> Rent<T>(int count)
        where T : unmanaged
    {
        NativeBuffer buffer = pool.Rent(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        (_buffers ??= []).Add(buffer);
        return buffer.As<T>()[..count];
    }

    public void Dispose()
    {
        if (_buffers is null)
        {
            return;
        }

        foreach (NativeBuffer buffer in _buffers)
        {
            buffer.Release();
        }

        _buffers = null;
    }
}
