using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>SQL comparisons (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=) to bitmaps, BOOLEAN columns and narrowed selections.</summary>
/// <remarks>
/// <para>Both sides must have the same <see cref="SqlTypeKind"/>; the caller casts otherwise. Orders per type:</para>
/// <list type="bullet">
/// <item>TINYINT..BIGINT, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ and the INTERVAL kinds: by their integer values.</item>
/// <item>FLOAT and DOUBLE: IEEE 754, not <c>Double.CompareTo</c>. Any ordering with NaN is FALSE, NaN = NaN is FALSE,
/// NaN &lt;&gt; x is TRUE (even for x = NaN), and -0.0 = 0.0. (Flink's generated code compares Java primitives the same way.)</item>
/// <item>DECIMAL(p, s): exactly, at the larger of the two scales; the sides may have different scales, and a value
/// too large to rescale is simply larger or smaller than every value on the other side.</item>
/// <item>BOOLEAN: FALSE &lt; TRUE.</item>
/// <item>VARCHAR: byte-wise ordinal over UTF-8, which is Unicode code-point order (the binary collation of Flink and
/// DuckDB); a proper prefix is smaller ("ab" &lt; "abc").</item>
/// </list>
/// <para>NULL on either side gives NULL (a canonical BOOLEAN: validity is the AND of both validities, value bit 0
/// where NULL); a filter treats NULL as not selected.</para>
/// </remarks>
[SkipLocalsInit]
public static class ComparisonKernels
{
    // Filter's scratch bitmap lives on the stack up to this many words (16384 rows), in a rented array beyond.
    private const int StackWords = 256;

    /// <summary>Bit i of <paramref name="destination"/> is set where <c>x[i] op y</c>; writes <c>WordCount(x.Length)</c> words, padding 0.</summary>
    public static void Compare<T>(ReadOnlySpan<T> x, ComparisonOp op, T y, Span<ulong> destination)
        where T : unmanaged, INumber<T>
    {
        RequireDestination(x.Length, destination);
        switch (op)
        {
            case ComparisonOp.Equal: ComparisonDriver.Invoke<T, EqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.NotEqual: ComparisonDriver.Invoke<T, NotEqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.Less: ComparisonDriver.Invoke<T, LessOperator<T>>(x, y, destination); break;
            case ComparisonOp.LessOrEqual: ComparisonDriver.Invoke<T, LessOrEqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.Greater: ComparisonDriver.Invoke<T, GreaterOperator<T>>(x, y, destination); break;
            case ComparisonOp.GreaterOrEqual: ComparisonDriver.Invoke<T, GreaterOrEqualOperator<T>>(x, y, destination); break;
            default: throw ComparisonOps.Unknown(op);
        }
    }

    /// <summary>Bit i of <paramref name="destination"/> is set where <c>x[i] op y[i]</c>; writes <c>WordCount(x.Length)</c> words, padding 0.</summary>
    public static void Compare<T>(ReadOnlySpan<T> x, ComparisonOp op, ReadOnlySpan<T> y, Span<ulong> destination)
        where T : unmanaged, INumber<T>
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"The right operand has {y.Length} values and the left {x.Length}; they must be equal.", nameof(y));
        }

        RequireDestination(x.Length, destination);
        switch (op)
        {
            case ComparisonOp.Equal: ComparisonDriver.Invoke<T, EqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.NotEqual: ComparisonDriver.Invoke<T, NotEqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.Less: ComparisonDriver.Invoke<T, LessOperator<T>>(x, y, destination); break;
            case ComparisonOp.LessOrEqual: ComparisonDriver.Invoke<T, LessOrEqualOperator<T>>(x, y, destination); break;
            case ComparisonOp.Greater: ComparisonDriver.Invoke<T, GreaterOperator<T>>(x, y, destination); break;
            case ComparisonOp.GreaterOrEqual: ComparisonDriver.Invoke<T, GreaterOrEqualOperator<T>>(x, y, destination); break;
            default: throw ComparisonOps.Unknown(op);
        }
    }

    /// <summary><c>left op right</c> row by row as a BOOLEAN column; NULL where either side is NULL.</summary>
    public static ColumnVector Compare(ColumnVector left, ComparisonOp op, ColumnVector right, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(pool);
        RequireOp(op);
        RequireSameKind(left.Type, right.Type);
        if (right.Length != left.Length)
        {
            throw new ArgumentException(
                $"Cannot compare a column of {left.Length} rows with one of {right.Length} rows; both sides need the same row count.",
                nameof(right));
        }

        int n = left.Length;
        int words = Bits.WordCount(n);
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        NativeBuffer? validity = null;
        try
        {
            Span<ulong> bits = values.Words[..words];
            ColumnBits(left, op, right, bits);
            if (left.HasNulls || right.HasNulls)
            {
                validity = pool.Rent(Bits.ByteCount(n));
                Span<ulong> valid = validity.Words[..words];
                if (left.HasNulls && right.HasNulls)
                {
                    Bits.And(left.Validity, right.Validity, valid);
                }
                else
                {
                    (left.HasNulls ? left.Validity : right.Validity)[..words].CopyTo(valid);
                }

                Bits.And(bits, valid, bits);
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Boolean.WithNullable(left.Type.Nullable || right.Type.Nullable), n, validity, values);
    }

    /// <summary><c>left op right</c> for a constant right side as a BOOLEAN column; a NULL constant gives all NULL.</summary>
    public static ColumnVector Compare(ColumnVector left, ComparisonOp op, ScalarValue right, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(pool);
        RequireOp(op);
        RequireSameKind(left.Type, right);
        int n = left.Length;
        int words = Bits.WordCount(n);
        if (right.IsNull)
        {
            NativeBuffer noValues = pool.Rent(Bits.ByteCount(n), zeroed: true);
            NativeBuffer noneValid = pool.Rent(Bits.ByteCount(n), zeroed: true);
            return ColumnVector.FromBuffers(SqlType.Boolean, n, noneValid, noValues);
        }

        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        NativeBuffer? validity = null;
        try
        {
            Span<ulong> bits = values.Words[..words];
            ConstantBits(left, op, right, bits);
            if (left.HasNulls)
            {
                validity = pool.Rent(Bits.ByteCount(n));
                Span<ulong> valid = validity.Words[..words];
                left.Validity[..words].CopyTo(valid);
                Bits.And(bits, valid, bits);
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Boolean.WithNullable(left.Type.Nullable || right.Type.Nullable), n, validity, values);
    }

    /// <summary>
    /// Narrows <paramref name="selection"/> (its first <c>WordCount(left.Length)</c> words) in place to the rows where
    /// <c>left op right</c> is TRUE; rows where it is NULL (a NULL value or a NULL constant) are deselected.
    /// </summary>
    public static void Filter(ColumnVector left, ComparisonOp op, ScalarValue right, Span<ulong> selection)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        RequireOp(op);
        RequireSameKind(left.Type, right);
        int n = left.Length;
        int words = Bits.WordCount(n);
        if (selection.Length < words)
        {
            throw new ArgumentException($"The selection has {selection.Length} words; {n} rows need {words}.", nameof(selection));
        }

        Span<ulong> live = selection[..words];
        if (right.IsNull)
        {
            live.Clear();
            return;
        }

        ulong[]? rented = null;
        Span<ulong> bits = words <= StackWords
            ? stackalloc ulong[StackWords]
            : (rented = ArrayPool<ulong>.Shared.Rent(words));
        try
        {
            bits = bits[..words];
            ConstantBits(left, op, right, bits);
            Bits.And(live, bits, live);
            if (left.HasNulls)
            {
                Bits.And(live, left.Validity, live);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    // Comparison bits for every row, NULL or not; the callers mask them with validity.
    private static void ColumnBits(ColumnVector left, ComparisonOp op, ColumnVector right, Span<ulong> bits)
    {
        switch (left.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                Compare(left.Values<sbyte>(), op, right.Values<sbyte>(), bits);
                break;
            case SqlTypeKind.SmallInt:
                Compare(left.Values<short>(), op, right.Values<short>(), bits);
                break;
            case SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth:
                Compare(left.Values<int>(), op, right.Values<int>(), bits);
                break;
            case SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime:
                Compare(left.Values<long>(), op, right.Values<long>(), bits);
                break;
            case SqlTypeKind.Float:
                Compare(left.Values<float>(), op, right.Values<float>(), bits);
                break;
            case SqlTypeKind.Double:
                Compare(left.Values<double>(), op, right.Values<double>(), bits);
                break;
            case SqlTypeKind.Decimal:
                DecimalComparison.Compare(left.Values<Int128>(), left.Type.Scale, op, right.Values<Int128>(), right.Type.Scale, bits);
                break;
            case SqlTypeKind.Boolean:
                BooleanComparison.Compare(left.BooleanWords, op, right.BooleanWords, left.Length, bits);
                break;
            case SqlTypeKind.Varchar:
                Utf8Comparison.Compare(left, op, right, bits);
                break;
            default:
                throw NotComparable(left.Type);
        }
    }

    private static void ConstantBits(ColumnVector left, ComparisonOp op, ScalarValue right, Span<ulong> bits)
    {
        switch (left.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                Compare(left.Values<sbyte>(), op, Constant<sbyte>(right), bits);
                break;
            case SqlTypeKind.SmallInt:
                Compare(left.Values<short>(), op, Constant<short>(right), bits);
                break;
            case SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth:
                Compare(left.Values<int>(), op, Constant<int>(right), bits);
                break;
            case SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime:
                Compare(left.Values<long>(), op, Constant<long>(right), bits);
                break;
            case SqlTypeKind.Float:
                Compare(left.Values<float>(), op, Constant<float>(right), bits);
                break;
            case SqlTypeKind.Double:
                Compare(left.Values<double>(), op, Constant<double>(right), bits);
                break;
            case SqlTypeKind.Decimal:
                DecimalComparison.Compare(left.Values<Int128>(), left.Type.Scale, op, Constant<Int128>(right), right.Type.Scale, bits);
                break;
            case SqlTypeKind.Boolean:
                BooleanComparison.Compare(left.BooleanWords, op, Constant<bool>(right), left.Length, bits);
                break;
            case SqlTypeKind.Varchar:
                Utf8Comparison.Compare(left, op, Encoding.UTF8.GetBytes(Constant<string>(right)), bits);
                break;
            default:
                throw NotComparable(left.Type);
        }
    }

    private static T Constant<T>(ScalarValue value) => value.Value is T t
        ? t
        : throw new ArgumentException(
            $"The {value.Type} constant {value} is held as a {value.Value?.GetType().Name}; a {value.Type} constant must hold a {typeof(T).Name}.",
            nameof(value));

    private static void RequireDestination(int n, Span<ulong> destination)
    {
        if (destination.Length < Bits.WordCount(n))
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} words; {n} rows need {Bits.WordCount(n)}.", nameof(destination));
        }
    }

    private static void RequireOp(ComparisonOp op)
    {
        if (op is < ComparisonOp.Equal or > ComparisonOp.GreaterOrEqual)
        {
            throw ComparisonOps.Unknown(op);
        }
    }

    private static void RequireSameKind(SqlType left, SqlType right)
    {
        if (left.Kind != right.Kind)
        {
            throw new ArgumentException(
                $"Cannot compare {left} with {right}: both sides of a comparison must have the same type; cast one side first.");
        }
    }

    // A NULL constant of type NULL (an untyped NULL literal) compares with anything and gives NULL.
    private static void RequireSameKind(SqlType left, ScalarValue right)
    {
        if (!(right.IsNull && right.Type.Kind == SqlTypeKind.Null))
        {
            RequireSameKind(left, right.Type);
        }
    }

    private static NotSupportedException NotComparable(SqlType type) => new(
        $"{type} values cannot be compared; comparable are the numeric, BOOLEAN, VARCHAR, temporal and INTERVAL types.");
}
