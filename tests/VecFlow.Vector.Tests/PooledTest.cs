using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Tests;

/// <summary>Base class for vector tests: each test gets its own pool and fails if it leaked a buffer.</summary>
public abstract class PooledTest : IDisposable
{
    protected PooledTest()
    {
        Pool = new BufferPool(GetType().Name) { TrackRentSites = true };
    }

    protected BufferPool Pool { get; }

    public void Dispose()
    {
        try
        {
            Pool.AssertNoLeaks();
        }
        finally
        {
            Pool.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Every length the kernel tests cover: 0..257, across every vector width and tail shape.</summary>
    public static IEnumerable<object[]> Lengths() => Enumerable.Range(0, 258).Select(n => new object[] { n });

    /// <summary>A selection mask with bit i set where <paramref name="live"/>[i] is true.</summary>
    protected static ulong[] Mask(bool[] live)
    {
        ulong[] words = new ulong[Bits.WordCount(live.Length)];
        for (int i = 0; i < live.Length; i++)
        {
            if (live[i])
            {
                Bits.Set(words, i);
            }
        }

        return words;
    }
}
