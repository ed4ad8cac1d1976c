using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>LPAD, RPAD, REVERSE, INITCAP, REPEAT, LEFT, RIGHT, SPLIT_INDEX and LOCATE over VARCHAR columns, on code points.</summary>
/// <remarks>
/// NULL rows stay NULL. Lengths and positions count code points (Java counts UTF-16 units; they differ only for
/// characters outside the Basic Multilingual Plane, such as emoji). Arguments other than the string are constants.
/// </remarks>
public static class TextKernels
{
    /// <summary>LPAD (<paramref name="left"/>) or RPAD: NULL for a negative length or an empty pad, as Flink.</summary>
    public static ColumnVector Pad(ColumnVector input, long length, string pad, bool left, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pad);
        if (length < 0 || pad.Length == 0)
        {
            return AllNull(SqlType.Varchar, input, pool);
        }

        if (length > int.MaxValue / 8)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"A padded length of {length} characters is beyond the 1 GiB a value can hold.");
        }

        return StringTransformDriver.Invoke(input, new PaddingOperation((int)length, Encoding.UTF8.GetBytes(pad), left), pool);
    }

    public static ColumnVector Reverse(ColumnVector input, BufferPool pool) => StringTransformDriver.Invoke(input, default(ReverseOperation), pool);

    public static ColumnVector InitCap(ColumnVector input, BufferPool pool) => StringTransformDriver.Invoke(input, default(InitCapOperation), pool);

    /// <summary>REPEAT(s, count); count &lt;= 0 gives ''.</summary>
    public static ColumnVector Repeat(ColumnVector input, long count, BufferPool pool) =>
        StringTransformDriver.Invoke(input, new RepeatOperation((int)Math.Clamp(count, 0, int.MaxValue)), pool);

    /// <summary>LEFT(s, count); count &lt;= 0 gives ''.</summary>
    public static ColumnVector Left(ColumnVector input, long count, BufferPool pool) => StringTransformDriver.Invoke(input, new EdgeOperation(count, fromLeft: true), pool);

    /// <summary>RIGHT(s, count); count &lt;= 0 gives ''.</summary>
    public static ColumnVector Right(ColumnVector input, long count, BufferPool pool) => StringTransformDriver.Invoke(input, new EdgeOperation(count, fromLeft: false), pool);

    /// <summary>SPLIT_INDEX(s, delimiter, index): the 0-based field; NULL when out of range (see <see cref="SplitIndexOperation"/>).</summary>
    public static ColumnVector SplitIndex(ColumnVector input, string delimiter, long index, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(delimiter);
        return PartialStringTransformDriver.Invoke(input, new SplitIndexOperation(Encoding.UTF8.GetBytes(delimiter), (int)Math.Clamp(index, -1, int.MaxValue)), pool);
    }

    /// <summary>INT: LOCATE(needle, s, start), the 1-based position of the first needle at or after start (start &lt; 1 reads as 1), 0 if none.</summary>
    public static ColumnVector Locate(ColumnVector input, string needle, long start, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(needle);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        NativeBuffer? validity = null;
        if (input.HasNulls)
        {
            validity = pool.Rent(Bits.ByteCount(n));
            input.Validity[..Bits.WordCount(n)].CopyTo(validity.Words);
        }

        NativeBuffer values = pool.Rent(n * sizeof(int));
        try
        {
            StringMeasureDriver.Invoke(input, new LocateMeasure(Encoding.UTF8.GetBytes(needle), start), values.As<int>());
        }
        catch
        {
            validity?.Release();
            values.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Int.WithNullable(input.Type.Nullable), n, validity, values);
    }

    private static ColumnVector AllNull(SqlType type, ColumnVector input, BufferPool pool)
    {
        _ = new Utf8Rows(input);
        return ColumnFactory.Constant(type, null, input.Length, pool);
    }
}
