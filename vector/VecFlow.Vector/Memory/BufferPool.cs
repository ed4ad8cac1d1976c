using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;

namespace VecFlow.Vector.Memory;

/// <summary>Hands out pooled, 64-byte-aligned native buffers in power-of-two size classes and counts them.</summary>
/// <remarks>
/// Every operator and kernel that allocates takes a pool, so a test can give each case its own pool and assert that
/// nothing leaked (<see cref="AssertNoLeaks"/>). <see cref="TrackRentSites"/> records the stack of each rent so a leak
/// report says where the buffer came from; it is off by default because it is slow.
/// </remarks>
public sealed unsafe class BufferPool : IDisposable
{
    /// <summary>Alignment of every buffer, in bytes (Arrow's recommendation, and one AVX-512 vector).</summary>
    public const int Alignment = 64;

    private const int MinimumClass = 6; // 64 bytes
    private const int MaximumClass = 31;
    private const int MaxPooledPerClass = 64;

    private readonly ConcurrentBag<NativeBuffer>[] _free = new ConcurrentBag<NativeBuffer>[MaximumClass + 1];
    private readonly ConcurrentDictionary<NativeBuffer, byte> _outstanding = new(ReferenceEqualityComparer.Instance);
    private long _rents;
    private long _returns;
    private long _outstandingBytes;
    private long _peakOutstandingBytes;
    private long _systemAllocations;
    private long _systemBytes;
    private bool _disposed;

    public BufferPool(string name = "pool")
    {
        Name = name;
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = [];
        }
    }

    /// <summary>The process-wide pool used when no other is given.</summary>
    public static BufferPool Shared { get; } = new("shared");

    public string Name { get; }

    /// <summary>Record the stack trace of every rent so leak reports can name the site.</summary>
    public bool TrackRentSites { get; set; }

    /// <summary>Rents a buffer of at least <paramref name="bytes"/> bytes; contents are zeroed when asked.</summary>
    public NativeBuffer Rent(int bytes, bool zeroed = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        int sizeClass = Math.Max(MinimumClass, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(bytes, 1))));
        if (sizeClass > MaximumClass - 1)
        {
            throw new InsufficientMemoryException($"A buffer of {bytes} bytes is larger than the 1 GiB a single column buffer may use.");
        }

        if (!_free[sizeClass].TryTake(out NativeBuffer? buffer))
        {
            int capacity = 1 << sizeClass;
            buffer = new NativeBuffer(this, NativeBuffer.AllocateAligned(capacity), capacity, sizeClass);
            Interlocked.Increment(ref _systemAllocations);
            Interlocked.Add(ref _systemBytes, capacity);
        }

        buffer.Activate(bytes);
        if (zeroed)
        {
            new Span<byte>(buffer.Pointer, buffer.Capacity).Clear();
        }

        buffer.RentSite = TrackRentSites ? new StackTrace(1, false).ToString() : null;
        _outstanding[buffer] = 0;
        Interlocked.Increment(ref _rents);
        long now = Interlocked.Add(ref _outstandingBytes, buffer.Capacity);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakOutstandingBytes)))
        {
            Interlocked.CompareExchange(ref _peakOutstandingBytes, now, peak);
        }

        return buffer;
    }

    internal void Return(NativeBuffer buffer)
    {
        if (!_outstanding.TryRemove(buffer, out _))
        {
            throw new InvalidOperationException($"A buffer went back to pool '{Name}' twice or to the wrong pool.");
        }

        Interlocked.Increment(ref _returns);
        Interlocked.Add(ref _outstandingBytes, -buffer.Capacity);
        if (_disposed || _free[buffer.SizeClass].Count >= MaxPooledPerClass)
        {
            buffer.Free();
            Interlocked.Add(ref _systemBytes, -buffer.Capacity);
            return;
        }

        _free[buffer.SizeClass].Add(buffer);
    }

    /// <summary>A snapshot of this pool's counters.</summary>
    public PoolStatistics Statistics => new(
        Interlocked.Read(ref _rents),
        Interlocked.Read(ref _returns),
        _outstanding.Count,
        Interlocked.Read(ref _outstandingBytes),
        Interlocked.Read(ref _peakOutstandingBytes),
        Interlocked.Read(ref _systemAllocations),
        Interlocked.Read(ref _systemBytes));

    /// <summary>Buffers rented and not yet released.</summary>
    public int OutstandingBuffers => _outstanding.Count;

    /// <summary>Throws a <see cref="BufferLeakException"/> listing the buffers still rented from this pool.</summary>
    public void AssertNoLeaks()
    {
        if (_outstanding.IsEmpty)
        {
            return;
        }

        var sites = _outstanding.Keys
            .Select(b => $"{b.Length} bytes, {b.References} reference(s){(b.RentSite is null ? string.Empty : " rented at\n" + b.RentSite)}")
            .Take(10)
            .ToList();
        throw new BufferLeakException(Name, _outstanding.Count, Interlocked.Read(ref _outstandingBytes), sites);
    }

    /// <summary>Frees pooled blocks; outstanding buffers are freed when they are released.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ConcurrentBag<NativeBuffer> bag in _free)
        {
            while (bag.TryTake(out NativeBuffer? buffer))
            {
                buffer.Free();
                Interlocked.Add(ref _systemBytes, -buffer.Capacity);
            }
        }
    }
}

/// <summary>Counters of a <see cref="BufferPool"/>.</summary>
public readonly record struct PoolStatistics(
    long Rents,
    long Returns,
    int OutstandingBuffers,
    long OutstandingBytes,
    long PeakOutstandingBytes,
    long SystemAllocations,
    long SystemBytes);

/// <summary>Buffers were still rented when their owner said everything had been released.</summary>
public sealed class BufferLeakException(string pool, int buffers, long bytes, IReadOnlyList<string> sites)
    : Exception($"{buffers} buffer(s) ({bytes} bytes) leaked from pool '{pool}':\n" + string.Join("\n", sites))
{
    public int Buffers { get; } = buffers;
}
