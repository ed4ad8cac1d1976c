using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Unchecked row access to a STRING column's offsets and UTF-8 bytes, validated once when it is created.</summary>
/// <remarks>
/// String kernels visit every row, so the per-row cost of going through <see cref="ColumnVector.StringAt"/> (property
/// chain, two bounds checks, a slice) is the loop's overhead; this view pays for the checks once.
/// </remarks>
internal readonly ref struct Utf8Rows
{
    private readonly ref readonly int _offsets;
    private readonly ref readonly byte _data;

    public Utf8Rows(ColumnVector column)
    {
        if (column.Type.Kind != SqlTypeKind.Varchar)
        {
            throw new ArgumentException($"String kernels take a STRING column, not {column.Type}.", nameof(column));
        }

        Length = column.Length;
        if (Length == 0)
        {
            // Arrow allows an empty offsets buffer for an empty array; touch nothing.
            return;
        }

        ReadOnlySpan<int> offsets = column.Offsets;
        ReadOnlySpan<byte> data = column.StringData;
        if (offsets[0] < 0 || offsets[Length] < offsets[0] || offsets[Length] > data.Length)
        {
            throw new ArgumentException(
                $"The string offsets {offsets[0]}..{offsets[Length]} lie outside the {data.Length} data bytes.", nameof(column));
        }

        _offsets = ref MemoryMarshal.GetReference(offsets);
        _data = ref MemoryMarshal.GetReference(data);
        FirstByte = offsets[0];
        EndByte = offsets[Length];
    }

    public int Length { get; }

    /// <summary>Offset of the first row's first byte in the data buffer (0 for columns built here).</summary>
    public int FirstByte { get; }

    /// <summary>Offset just past the last row's bytes in the data buffer.</summary>
    public int EndByte { get; }

    /// <summary>Total bytes of all rows, null rows included.</summary>
    public int ByteLength => EndByte - FirstByte;

    /// <summary>The data buffer from its start to <see cref="EndByte"/>; row offsets index into it.</summary>
    public ReadOnlySpan<byte> Data => Length == 0 ? default : MemoryMarshal.CreateReadOnlySpan(in _data, EndByte);

    /// <summary>Start offset of <paramref name="row"/>; <paramref name="row"/> may be <see cref="Length"/> (the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Offset(int row) => Unsafe.Add(ref Unsafe.AsRef(in _offsets), row);

    /// <summary>The UTF-8 bytes of <paramref name="row"/>; the caller guarantees 0 &lt;= row &lt; Length.</summary>
    public ReadOnlySpan<byte> this[int row]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ref int offsets = ref Unsafe.AsRef(in _offsets);
            int start = Unsafe.Add(ref offsets, row);
            int end = Unsafe.Add(ref offsets, row + 1);
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.AsRef(in _data), start), end - start);
        }
    }
}
