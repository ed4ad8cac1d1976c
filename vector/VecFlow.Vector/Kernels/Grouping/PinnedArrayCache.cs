using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>Reuses the pinned, cache-line-aligned arrays of group tables and grouped-aggregate states.</summary>
/// <remarks>
/// Pinned arrays live on the pinned object heap, which only a gen2 collection frees: a query (or a benchmark loop)
/// that builds a group map and its aggregates per call and drops them after allocated a few pinned arrays per call
/// and so drove a full collection every few calls, costing more than the aggregation itself. An array goes back here
/// on Dispose and the next map or aggregate of a similar size takes it. Counts are rounded up to powers of two so
/// arrays match, and every array has one spare cache line so its data can start on a 64-byte boundary
/// (<see cref="AlignedStart"/>). A few arrays per size are kept, up to 4 MiB each, so the cache holds little; larger
/// arrays are allocated to size and left to the GC. A rented array's contents are stale: the renter initializes what
/// it reads. An array never given back is simply collected.
/// </remarks>
/// <typeparam name="T">An element type without references (pinned arrays of other types cannot be allocated).</typeparam>
internal static unsafe class PinnedArrayCache<T>
    where T : struct
{
    private const int KeptPerSize = 4;
    private const int LargestKeptBytes = 4 << 20;
    private const int LineBytes = 64;

    private static readonly int Slack = Math.Max(LineBytes / Unsafe.SizeOf<T>(), 1);
    private static readonly Stack<T[]>[] FreeLists = CreateFreeLists();

    /// <summary>A pinned array holding at least <paramref name="count"/> elements from <see cref="AlignedStart"/> on.</summary>
    public static T[] Rent(int count)
    {
        int rounded = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1)), 1u << 30);
        int index = BitOperations.Log2((uint)rounded);
        if (rounded >= count && index < FreeLists.Length)
        {
            Stack<T[]> free = FreeLists[index];
            lock (free)
            {
                if (free.TryPop(out T[]? array))
                {
                    return array;
                }
            }

            return GC.AllocateUninitializedArray<T>(rounded + Slack, pinned: true);
        }

        return GC.AllocateUninitializedArray<T>(count + Slack, pinned: true);
    }

    /// <summary>The index of the first element on a 64-byte boundary (where the usable count starts).</summary>
    public static int AlignedStart(T[] array)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint misalignment = (LineBytes - (address % LineBytes)) % LineBytes;
        return misalignment % (nuint)Unsafe.SizeOf<T>() == 0 ? (int)(misalignment / (nuint)Unsafe.SizeOf<T>()) : 0;
    }

    /// <summary>Gives back an array from <see cref="Rent"/>; the caller must not touch it afterwards.</summary>
    public static void Return(T[] array)
    {
        int rounded = array.Length - Slack;
        if (rounded <= 0 || !BitOperations.IsPow2(rounded))
        {
            return;
        }

        int index = BitOperations.Log2((uint)rounded);
        if (index >= FreeLists.Length)
        {
            return;
        }

        Stack<T[]> free = FreeLists[index];
        lock (free)
        {
            if (free.Count < KeptPerSize)
            {
                free.Push(array);
            }
        }
    }

    private static Stack<T[]>[] CreateFreeLists()
    {
        int sizes = BitOperations.Log2((uint)(LargestKeptBytes / Unsafe.SizeOf<T>())) + 1;
        var free = new Stack<T[]>[sizes];
        for (int i = 0; i < sizes; i++)
        {
            free[i] = new Stack<T[]>();
        }

        return free;
    }
}
