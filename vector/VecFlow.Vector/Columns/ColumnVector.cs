using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Columns;

/// <summary>One column of a batch: an Arrow array (a zero-copy view) plus ownership of the buffers under it.</summary>
/// <remarks>
/// Layout guarantees that kernels rely on: offset 0; validity and boolean bitmaps readable as whole 64-bit words with
/// zero padding; a column without nulls has no validity bitmap (<see cref="Validity"/> is empty). Columns wrapped from
/// foreign Arrow arrays are normalized to this layout on the way in (copying only when they are sliced or short).
/// Disposing releases the buffers; <see cref="Share"/> gives another owner of the same buffers.
/// </remarks>
public sealed class ColumnVector : IDisposable
{
    private readonly NativeBuffer[] _buffers;
    private readonly ForeignOwner? _foreignOwner;
    private int _disposed;

    private ColumnVector(SqlType type, IArrowArray array, NativeBuffer[] buffers, ForeignOwner? foreignOwner, int nullCount)
    {
        Type = type;
        Array = array;
        _buffers = buffers;
        _foreignOwner = foreignOwner;
        NullCount = nullCount;
    }

    public SqlType Type { get; }

    /// <summary>The Arrow view of this column; valid while the column is not disposed.</summary>
    public IArrowArray Array { get; }

    public int Length => Array.Length;

    public int NullCount { get; }

    public bool HasNulls => NullCount > 0;

    /// <summary>Validity words (bit set = value present); empty when the column has no nulls.</summary>
    public ReadOnlySpan<ulong> Validity => HasNulls ? Words(Array.Data.Buffers[0]) : default;

    /// <summary>Fixed-width values, exactly <see cref="Length"/> of them.</summary>
    public ReadOnlySpan<T> Values<T>() where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(Array.Data.Buffers[1].Span)[..Length];

    /// <summary>Boolean values as words; a bit is meaningless where the row is null.</summary>
    public ReadOnlySpan<ulong> BooleanWords => Words(Array.Data.Buffers[1]);

    /// <summary>String offsets (Length + 1 of them).</summary>
    public ReadOnlySpan<int> Offsets => MemoryMarshal.Cast<byte, int>(Array.Data.Buffers[1].Span)[..(Length + 1)];

    /// <summary>String bytes (UTF-8).</summary>
    public ReadOnlySpan<byte> StringData => Array.Data.Buffers[2].Span;

    /// <summary>The UTF-8 bytes of string row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> StringAt(int row)
    {
        ReadOnlySpan<int> offsets = Offsets;
        return StringData[offsets[row]..offsets[row + 1]];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => HasNulls && !Bits.Get(Validity, row);

    /// <summary>Another owner of the same buffers; dispose both.</summary>
    public ColumnVector Share()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        foreach (NativeBuffer buffer in _buffers)
        {
            buffer.Retain();
        }

        _foreignOwner?.Retain();
        return new ColumnVector(Type, Array, _buffers, _foreignOwner, NullCount);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (NativeBuffer buffer in _buffers)
        {
            buffer.Release();
        }

        _foreignOwner?.Release();
    }

    /// <summary>
    /// Assembles a column over pooled buffers, taking ownership of them. <paramref name="validity"/> may be null (no
    /// nulls); a validity bitmap whose rows are all set is released and dropped.
    /// </summary>
    public static ColumnVector FromBuffers(SqlType type, int length, NativeBuffer? validity, NativeBuffer values, NativeBuffer? data = null)
    {
        int nullCount = 0;
        if (validity is not null)
        {
            Span<ulong> words = validity.Words[..Bits.WordCount(length)];
            Bits.ClearPadding(validity.Words, length);
            nullCount = length - Bits.PopCount(words);
            if (nullCount == 0)
            {
                validity.Release();
                validity = null;
            }
        }

        if (type.Kind == SqlTypeKind.Boolean)
        {
            Bits.ClearPadding(values.Words, length);
        }

        var owned = new List<NativeBuffer>(3);
        var arrowBuffers = new List<ArrowBuffer>(3);
        if (validity is null)
        {
            arrowBuffers.Add(ArrowBuffer.Empty);
        }
        else
        {
            owned.Add(validity);
            arrowBuffers.Add(new ArrowBuffer(validity.Memory));
        }

        owned.Add(values);
        arrowBuffers.Add(new ArrowBuffer(values.Memory));
        if (data is not null)
        {
            owned.Add(data);
            arrowBuffers.Add(new ArrowBuffer(data.Memory));
        }

        var arrayData = new ArrayData(type.ToArrow(), length, nullCount, 0, arrowBuffers.ToArray());
        return new ColumnVector(type, ArrowArrayFactory.BuildArray(arrayData), owned.ToArray(), null, nullCount);
    }

    /// <summary>
    /// Wraps a foreign Arrow array, taking ownership of it (it is disposed with the column). Sliced arrays and arrays
    /// whose bitmaps are not whole words are copied into <paramref name="pool"/>.
    /// </summary>
    public static ColumnVector FromArrow(IArrowArray array, BufferPool pool, SqlType? type = null) =>
        FromArrow(array, pool, type, new ForeignOwner(array, 1));

    /// <summary>
    /// Wraps every column of <paramref name="batch"/>, taking ownership of the batch: it is disposed when the last of the
    /// returned columns is (an Arrow array of a record batch must not outlive the batch's own disposal).
    /// </summary>
    public static IReadOnlyList<ColumnVector> FromRecordBatch(RecordBatch batch, BufferPool pool)
    {
        if (batch.ColumnCount == 0)
        {
            batch.Dispose();
            return [];
        }

        var owner = new ForeignOwner(batch, batch.ColumnCount);
        var columns = new List<ColumnVector>(batch.ColumnCount);
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            columns.Add(FromArrow(batch.Column(i), pool, SqlType.FromArrow(batch.Column(i).Data.DataType, batch.Schema.FieldsList[i].IsNullable), owner));
        }

        return columns;
    }

    private static ColumnVector FromArrow(IArrowArray array, BufferPool pool, SqlType? type, ForeignOwner owner)
    {
        type ??= SqlType.FromArrow(array.Data.DataType);
        ArrayData d = array.Data;
        int length = d.Length;
        int nullCount = d.GetNullCount();
        bool bitmapsOk = d.Offset == 0
            && (nullCount == 0 || d.Buffers[0].Length >= Bits.ByteCount(length))
            && (type.Kind != SqlTypeKind.Boolean || d.Buffers[1].Length >= Bits.ByteCount(length));
        if (bitmapsOk && nullCount == 0 && !d.Buffers[0].IsEmpty)
        {
            // Drop an all-valid bitmap so "no nulls" always means "no bitmap".
            var trimmed = new ArrayData(d.DataType, length, 0, 0, [ArrowBuffer.Empty, .. d.Buffers.Skip(1)], d.Children, d.Dictionary);
            return new ColumnVector(type, ArrowArrayFactory.BuildArray(trimmed), [], owner, 0);
        }

        if (bitmapsOk)
        {
            return new ColumnVector(type, array, [], owner, nullCount);
        }

        try
        {
            return CopyNormalized(array, type, pool);
        }
        finally
        {
            owner.Release();
        }
    }

    private static ColumnVector CopyNormalized(IArrowArray array, SqlType type, BufferPool pool)
    {
        ArrayData d = array.Data;
        int length = d.Length;
        NativeBuffer? validity = null;
        if (d.GetNullCount() > 0)
        {
            validity = pool.Rent(Bits.ByteCount(length));
            Bits.CopyFromBytes(d.Buffers[0].Span, d.Offset, length, validity.Words);
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                {
                    NativeBuffer values = pool.Rent(Bits.ByteCount(length));
                    Bits.CopyFromBytes(d.Buffers[1].Span, d.Offset, length, values.Words);
                    return FromBuffers(type, length, validity, values);
                }

            case SqlTypeKind.Varchar:
                {
                    ReadOnlySpan<int> offsets = MemoryMarshal.Cast<byte, int>(d.Buffers[1].Span).Slice(d.Offset, length + 1);
                    int start = offsets[0];
                    int bytes = offsets[length] - start;
                    NativeBuffer newOffsets = pool.Rent((length + 1) * sizeof(int));
                    Span<int> o = newOffsets.As<int>();
                    for (int i = 0; i <= length; i++)
                    {
                        o[i] = offsets[i] - start;
                    }

                    NativeBuffer data = pool.Rent(bytes);
                    d.Buffers[2].Span.Slice(start, bytes).CopyTo(data.Bytes);
                    return FromBuffers(type, length, validity, newOffsets, data);
                }

            case SqlTypeKind.Null:
                throw new NotSupportedException("A column of type NULL has no buffers to copy.");

            default:
                {
                    int width = type.FixedWidth;
                    NativeBuffer values = pool.Rent(length * width);
                    d.Buffers[1].Span.Slice(d.Offset * width, length * width).CopyTo(values.Bytes);
                    return FromBuffers(type, length, validity, values);
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<ulong> Words(ArrowBuffer buffer) => MemoryMarshal.Cast<byte, ulong>(buffer.Span);

    public override string ToString() => $"{Type} x {Length} ({NullCount} null)";

    /// <summary>Reference-counts a foreign Arrow array shared between columns; the last release disposes it.</summary>
    private sealed class ForeignOwner(IDisposable inner, int references)
    {
        private int _references = references;

        public void Retain() => Interlocked.Increment(ref _references);

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                inner.Dispose();
            }
        }
    }
}
