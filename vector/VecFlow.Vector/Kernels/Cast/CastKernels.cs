using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>SQL CAST on columns and constants, with errors instead of silent truncation or wrap-around.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Numeric &lt;-&gt; numeric, BOOLEAN &lt;-&gt; numeric: see <see cref="NumericCasts"/> (range-checked narrowing,
/// truncation toward zero from DOUBLE and DECIMAL to integers, HALF_UP into DECIMAL).</item>
/// <item>Any type -&gt; VARCHAR: integers plainly, DOUBLE/FLOAT as Java prints them ("1.0", "1.5E10", shortest
/// round-trip digits), DECIMAL with exactly its scale's fraction digits, DATE yyyy-MM-dd, TIME HH:mm:ss[.SSS],
/// TIMESTAMP yyyy-MM-dd HH:mm:ss[.SSS] (fraction only when not zero), BOOLEAN TRUE/FALSE, intervals as
/// "+d HH:mm:ss.SSS" / "+y-MM" (see <see cref="SqlTextFormatter"/>). VARCHAR(n) keeps the first n characters.</item>
/// <item>VARCHAR -&gt; numbers, BOOLEAN, DATE, TIME, TIMESTAMP(_LTZ): see <see cref="SqlTextParser"/>; text that does not
/// parse is an InvalidCast error quoting the text and naming the target type.</item>
/// <item>DATE &lt;-&gt; TIMESTAMP(_LTZ), TIMESTAMP(_LTZ) -&gt; TIME, TIMESTAMP &lt;-&gt; TIMESTAMP_LTZ (UTC): see <see cref="TemporalCasts"/>.</item>
/// </list>
/// NULL rows stay NULL. A failing row raises <see cref="Errors.SqlRuntimeException"/> (kind InvalidCast) only when it
/// is live (set in <c>live</c>, or every row when <c>live</c> is empty) and not NULL.
/// </remarks>
[SkipLocalsInit]
public static class CastKernels
{
    private static readonly BufferPool FoldingPool = new("constant-folding-casts");

    public static bool CanCast(SqlType from, SqlType to) => CastRules.CanCast(from, to);

    /// <summary>CAST(input AS target); the same type gives <c>input.Share()</c>.</summary>
    public static ColumnVector Cast(ColumnVector input, SqlType target, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(pool);
        CheckCastable(input.Type, target);
        int n = input.Length;
        KernelMasks.CheckLive(live, n);
        if (input.Type.WithNullable(true) == target.WithNullable(true))
        {
            return input.Share();
        }

        if (input.Type.Kind == SqlTypeKind.Null)
        {
            return ColumnFactory.Constant(target, null, n, pool);
        }

        if (target.Kind == SqlTypeKind.Varchar)
        {
            return TextCasts.Format(input, target, pool);
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(input, null, n, pool);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            NativeBuffer values = target.Kind == SqlTypeKind.Boolean ? pool.Rent(Bits.ByteCount(n)) : pool.Rent(n * target.FixedWidth);
            try
            {
                SqlType from = input.Type;
                if (from.Kind == SqlTypeKind.Varchar)
                {
                    TextCasts.Parse(input, target, values, mask, scratch);
                }
                else if (from.IsNumeric || from.Kind == SqlTypeKind.Boolean)
                {
                    NumericCasts.Cast(input, target, values, mask);
                }
                else
                {
                    TemporalCasts.Cast(input, target, values, mask);
                }

                if (target.Kind == SqlTypeKind.Boolean && validity is not null)
                {
                    // Canonical booleans: the value bit is 0 where the row is NULL.
                    int words = Bits.WordCount(n);
                    Bits.And(values.Words[..words], validity.Words[..words], values.Words[..words]);
                }
            }
            catch
            {
                values.Release();
                throw;
            }

            return ColumnVector.FromBuffers(target, n, validity, values);
        }
        catch
        {
            validity?.Release();
            throw;
        }
    }

    /// <summary>Constant folding: CAST of one value with the column semantics; NULL gives NULL of the target type.</summary>
    public static ScalarValue Cast(ScalarValue value, SqlType target)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(target);
        CheckCastable(value.Type, target);
        if (value.IsNull)
        {
            return ScalarValue.Null(target);
        }

        using ColumnVector column = ColumnFactory.Constant(value.Type, value.Value, 1, FoldingPool);
        using ColumnVector result = Cast(column, target, default, FoldingPool);
        return new ScalarValue(target, ColumnFactory.ToObjects(result)[0]);
    }

    private static void CheckCastable(SqlType from, SqlType to)
    {
        if (!CastRules.CanCast(from, to))
        {
            throw new ArgumentException(
                $"cannot cast {CastErrors.Name(from)} to {CastErrors.Name(to)}; valid targets for {CastErrors.Name(from)}: {CastRules.ValidTargets(from)}");
        }
    }
}
