using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VecFlow.Vector.Memory;

/// <summary>A 64-byte-aligned block of native memory rented from a <see cref="BufferPool"/>, reference counted.</summary>
/// <remarks>
/// A buffer starts with one reference. <see cref="Retain"/> adds one, <see cref="Release"/> drops one, and the last
/// release returns the block to its pool. Arrow arrays built over the buffer are views; whoever owns the
/// <see cref="Columns.ColumnVector"/> owns the reference.
/// </remarks>
public sealed unsafe class NativeBuffer : MemoryManager<byte>
{
    private readonly BufferPool _pool;
    private int _references;

    internal NativeBuffer(BufferPool pool, byte* pointer, int capacity, int sizeClass)
    {
        _pool = pool;
        Pointer = pointer;
        Capacity = capacity;
        SizeClass = sizeClass;
    }

    /// <summary>Start of the block; 64-byte aligned.</summary>
    public byte* Pointer { get; }

    /// <summary>Usable bytes (a power of two, at least the requested length).</summary>
    public int Capacity { get; }

    /// <summary>Bytes the renter asked for; spans cover exactly this many bytes.</summary>
    public int Length { get; private set; }

    internal int SizeClass { get; }

    internal string? RentSite { get; set; }

    /// <summary>Current reference count; zero once returned to the pool.</summary>
    public int References => Volatile.Read(ref _references);

    internal void Activate(int length)
    {
        Length = length;
        _references = 1;
    }

    /// <summary>Sets the visible length to <paramref name="length"/> bytes (at most the capacity), e.g. after a builder knows its size.</summary>
    public void Shrink(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        Length = length;
    }

    /// <summary>Adds a reference and returns this buffer.</summary>
    public NativeBuffer Retain()
    {
        int now = Interlocked.Increment(ref _references);
        if (now <= 1)
        {
            throw new ObjectDisposedException(nameof(NativeBuffer), "A buffer was retained after it went back to its pool.");
        }

        return this;
    }

    /// <summary>Drops a reference; the last one returns the block to the pool.</summary>
    public void Release()
    {
        int now = Interlocked.Decrement(ref _references);
        if (now == 0)
        {
            _pool.Return(this);
        }
        else if (now < 0)
        {
            throw new ObjectDisposedException(nameof(NativeBuffer), "A buffer was released more often than it was retained.");
        }
    }

    /// <summary>The rented bytes.</summary>
    public Span<byte> Bytes => new(Pointer, Length);

    /// <summary>The rented bytes seen as <typeparamref name="T"/> values (length rounded down).</summary>
    public Span<T> As<T>() where T : unmanaged => new(Pointer, Length / sizeof(T));

    /// <summary>The whole capacity as bytes, past the rented length (builders write ahead of their length).</summary>
    public Span<byte> Whole => new(Pointer, Capacity);

    /// <summary>The whole capacity seen as 64-bit words (bitmaps use whole words).</summary>
    public Span<ulong> Words => new(Pointer, Capacity / sizeof(ulong));

    public override Span<byte> GetSpan() => new(Pointer, Length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(Pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing) => Release();

    internal void Free() => NativeMemory.AlignedFree(Pointer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte* AllocateAligned(int bytes) => (byte*)NativeMemory.AlignedAlloc((nuint)bytes, BufferPool.Alignment);
}
