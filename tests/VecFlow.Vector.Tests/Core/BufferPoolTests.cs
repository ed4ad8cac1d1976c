using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Tests.Core;

public sealed class BufferPoolTests
{
    [Fact]
    public void Buffers_are_64_byte_aligned_and_reused()
    {
        using var pool = new BufferPool();
        NativeBuffer a = pool.Rent(100);
        unsafe
        {
            Assert.Equal(0, (long)a.Pointer % 64);
        }

        Assert.Equal(128, a.Capacity);
        a.Release();
        NativeBuffer b = pool.Rent(120);
        Assert.Same(a, b);
        b.Release();
        Assert.Equal(1, pool.Statistics.SystemAllocations);
        Assert.Equal(2, pool.Statistics.Rents);
        pool.AssertNoLeaks();
    }

    [Fact]
    public void Leak_is_reported_with_the_rent_site()
    {
        using var pool = new BufferPool("leaky") { TrackRentSites = true };
        NativeBuffer leaked = pool.Rent(10);
        BufferLeakException error = Assert.Throws<BufferLeakException>(pool.AssertNoLeaks);
        Assert.Contains("leaky", error.Message);
        Assert.Contains(nameof(Leak_is_reported_with_the_rent_site), error.Message);
        leaked.Release();
        pool.AssertNoLeaks();
    }

    [Fact]
    public void Retain_keeps_the_buffer_until_the_last_release()
    {
        using var pool = new BufferPool();
        NativeBuffer a = pool.Rent(10);
        a.Retain();
        a.Release();
        Assert.Equal(1, pool.OutstandingBuffers);
        a.Release();
        Assert.Equal(0, pool.OutstandingBuffers);
        Assert.Throws<ObjectDisposedException>(a.Release);
    }

    [Fact]
    public void Peak_outstanding_bytes_are_tracked()
    {
        using var pool = new BufferPool();
        NativeBuffer a = pool.Rent(1000);
        NativeBuffer b = pool.Rent(1000);
        a.Release();
        b.Release();
        Assert.Equal(2048, pool.Statistics.PeakOutstandingBytes);
        Assert.Equal(0, pool.Statistics.OutstandingBytes);
    }

    [Fact]
    public void Selection_round_trips_indices()
    {
        using var pool = new BufferPool();
        using Selection s = Selection.FromIndices([0, 3, 64, 129], 130, pool);
        Assert.Equal(4, s.Count);
        Assert.Equal([0, 3, 64, 129], s.ToIndices());
        using Selection all = Selection.All(130, pool);
        Assert.Equal(130, all.Count);
        using Selection both = all.Intersect(s.Words, pool);
        Assert.Equal(s.ToIndices(), both.ToIndices());
    }
}
