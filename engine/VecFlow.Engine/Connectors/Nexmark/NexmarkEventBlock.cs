using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>
/// The events of one batch laid out once for all its columns: event numbers <c>first + i * stride</c>, each event's
/// kind, epoch and offset, a validity mask per kind, and (on demand) event times.
/// </summary>
/// <remarks>Scratch arrays are sized once per reader and reused for every batch, so generating allocates nothing per batch.</remarks>
internal sealed class NexmarkEventBlock
{
    private readonly NexmarkEventModel _model;
    private readonly byte[] _kinds;
    private readonly long[] _epochs;
    private readonly int[] _offsets;
    private readonly long[] _times;
    private readonly ulong[][] _masks;
    private readonly int[] _kindCounts = new int[3];
    private bool _timesReady;

    public NexmarkEventBlock(NexmarkEventModel model, int capacity)
    {
        _model = model;
        _kinds = new byte[capacity];
        _epochs = new long[capacity];
        _offsets = new int[capacity];
        _times = new long[capacity];
        _masks = [new ulong[Bits.WordCount(capacity)], new ulong[Bits.WordCount(capacity)], new ulong[Bits.WordCount(capacity)]];
    }

    public NexmarkEventModel Model => _model;

    public int Capacity => _kinds.Length;

    public int Count { get; private set; }

    public long First { get; private set; }

    public long Stride { get; private set; }

    public ReadOnlySpan<byte> Kinds => _kinds.AsSpan(0, Count);

    /// <summary>Lays out events <c>first + i * stride</c> for i in [0, count).</summary>
    public void Reset(long first, long stride, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        First = first;
        Stride = stride;
        Count = count;
        _timesReady = false;
        int words = Bits.WordCount(count);
        foreach (ulong[] mask in _masks)
        {
            mask.AsSpan(0, words).Clear();
        }

        Array.Clear(_kindCounts);
        int total = _model.TotalProportion;
        long epoch = first / total;
        int offset = (int)(first % total);
        long epochStep = stride / total;
        int offsetStep = (int)(stride % total);
        for (int i = 0; i < count; i++)
        {
            byte kind = (byte)_model.KindAt(offset);
            _kinds[i] = kind;
            _epochs[i] = epoch;
            _offsets[i] = offset;
            _masks[kind][i >> 6] |= 1UL << i;
            _kindCounts[kind]++;
            epoch += epochStep;
            offset += offsetStep;
            if (offset >= total)
            {
                offset -= total;
                epoch++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long EventNumber(int row) => First + (row * Stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Epoch(int row) => _epochs[row];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Offset(int row) => _offsets[row];

    /// <summary>Rows of <paramref name="kind"/> in this block.</summary>
    public int CountOf(NexmarkEventKind kind) => _kindCounts[(int)kind];

    /// <summary>Event time of each row, epoch milliseconds (computed on first use per block).</summary>
    public ReadOnlySpan<long> TimesMillis
    {
        get
        {
            if (!_timesReady)
            {
                _model.FillTimesMillis(First, Stride, _times.AsSpan(0, Count));
                _timesReady = true;
            }

            return _times.AsSpan(0, Count);
        }
    }

    /// <summary>A pooled validity bitmap of the rows of <paramref name="kind"/>; the caller owns it.</summary>
    public NativeBuffer RentValidity(NexmarkEventKind kind, BufferPool pool)
    {
        int words = Bits.WordCount(Count);
        NativeBuffer buffer = pool.Rent(Bits.ByteCount(Count));
        _masks[(int)kind].AsSpan(0, words).CopyTo(buffer.Words);
        return buffer;
    }
}
