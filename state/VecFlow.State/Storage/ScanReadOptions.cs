using System.Runtime.InteropServices;
using RocksDbSharp;

namespace VecFlow.State.Storage;

/// <summary>Read options of one range scan, released when the scan ends instead of by the finalizer.</summary>
/// <remarks>
/// RocksDbSharp's <see cref="ReadOptions"/> has no Dispose: its native options and the copies of the iterate bounds
/// live until the garbage collector finalizes it. Timer firing scans on every watermark, so that is one native
/// allocation left to the finalizer queue per watermark per operator. This keeps the bounds in memory it owns and
/// destroys everything when the scan's iterator is done; the finalizer only covers a scan abandoned undisposed.
/// </remarks>
internal sealed unsafe class ScanReadOptions : ReadOptions, IDisposable
{
    private byte* _lower;
    private byte* _upper;

    public ScanReadOptions(byte[] from, byte[]? to)
    {
        _lower = Copy(from);
        SetIterateLowerBound(_lower, (ulong)from.Length);
        if (to is not null)
        {
            _upper = Copy(to);
            SetIterateUpperBound(_upper, (ulong)to.Length);
        }
    }

    ~ScanReadOptions() => Release();

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (Handle != IntPtr.Zero)
        {
            Native.Instance.rocksdb_readoptions_destroy(Handle);

            // The base finalizer destroys only a non-zero handle.
            Handle = IntPtr.Zero;
        }

        NativeMemory.Free(_lower);
        NativeMemory.Free(_upper);
        _lower = null;
        _upper = null;
    }

    private static byte* Copy(byte[] bound)
    {
        byte* copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, bound.Length));
        bound.CopyTo(new Span<byte>(copy, bound.Length));
        return copy;
    }
}
