using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>SQL three-valued logic (AND, OR, NOT, IS [NOT] NULL / TRUE / FALSE) over BOOLEAN columns, 64 rows per word.</summary>
/// <remarks>
/// Inputs are read through their validity: a value bit under a NULL is ignored, so inputs need not be canonical.
/// Results are canonical BOOLEAN columns (value bit 0 where NULL). The IS tests never return NULL.
/// </remarks>
[SkipLocalsInit]
public static class LogicKernels
{
    /// <summary>a AND b: FALSE if either side is FALSE, else NULL if either side is NULL, else TRUE.</summary>
    public static ColumnVector And(ColumnVector a, ColumnVector b, BufferPool pool) => Connect<KleeneAnd>(a, b, pool);

    /// <summary>a OR b: TRUE if either side is TRUE, else NULL if either side is NULL, else FALSE.</summary>
    public static ColumnVector Or(ColumnVector a, ColumnVector b, BufferPool pool) => Connect<KleeneOr>(a, b, pool);

    /// <summary>NOT a; NULL stays NULL.</summary>
    public static ColumnVector Not(ColumnVector a, BufferPool pool)
    {
        RequireBoolean(a, nameof(a));
        ArgumentNullException.ThrowIfNull(pool);
        int n = a.Length;
        int words = Bits.WordCount(n);
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        NativeBuffer? validity = null;
        try
        {
            Span<ulong> v = values.Words[..words];
            Bits.Not(a.BooleanWords, v, n);
            if (a.HasNulls)
            {
                validity = pool.Rent(Bits.ByteCount(n));
                Span<ulong> valid = validity.Words[..words];
                a.Validity[..words].CopyTo(valid);
                Bits.And(v, valid, v);
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(a.Type, n, validity, values);
    }

    /// <summary>a IS NULL, for a column of any type; never NULL.</summary>
    public static ColumnVector IsNull(ColumnVector a, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(pool);
        int n = a.Length;
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        Span<ulong> v = values.Words[..Bits.WordCount(n)];
        if (a.Type.Kind == SqlTypeKind.Null)
        {
            Bits.SetAll(v, n);
        }
        else if (a.HasNulls)
        {
            Bits.Not(a.Validity, v, n);
        }
        else
        {
            v.Clear();
        }

        return ColumnVector.FromBuffers(NeverNull, n, null, values);
    }

    /// <summary>a IS NOT NULL, for a column of any type; never NULL.</summary>
    public static ColumnVector IsNotNull(ColumnVector a, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(pool);
        int n = a.Length;
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        Span<ulong> v = values.Words[..Bits.WordCount(n)];
        if (a.Type.Kind == SqlTypeKind.Null)
        {
            v.Clear();
        }
        else if (a.HasNulls)
        {
            a.Validity[..v.Length].CopyTo(v);
        }
        else
        {
            Bits.SetAll(v, n);
        }

        return ColumnVector.FromBuffers(NeverNull, n, null, values);
    }

    /// <summary>a IS TRUE: TRUE only for TRUE rows; never NULL.</summary>
    public static ColumnVector IsTrue(ColumnVector a, BufferPool pool) => Test<IsTrueWords>(a, pool);

    /// <summary>a IS FALSE: TRUE only for FALSE rows; never NULL.</summary>
    public static ColumnVector IsFalse(ColumnVector a, BufferPool pool) => Test<IsFalseWords>(a, pool);

    /// <summary>a IS NOT TRUE: TRUE for FALSE and NULL rows; never NULL.</summary>
    public static ColumnVector IsNotTrue(ColumnVector a, BufferPool pool) => Test<IsNotTrueWords>(a, pool);

    /// <summary>a IS NOT FALSE: TRUE for TRUE and NULL rows; never NULL.</summary>
    public static ColumnVector IsNotFalse(ColumnVector a, BufferPool pool) => Test<IsNotFalseWords>(a, pool);

    /// <summary>
    /// WHERE semantics: narrows <paramref name="selection"/> (its first <c>WordCount(predicate.Length)</c> words) in
    /// place to the rows where <paramref name="predicate"/> is TRUE; FALSE and NULL rows are deselected.
    /// </summary>
    public static void ToSelection(ColumnVector predicate, Span<ulong> selection)
    {
        RequireBoolean(predicate, nameof(predicate));
        int n = predicate.Length;
        int words = Bits.WordCount(n);
        if (selection.Length < words)
        {
            throw new ArgumentException($"The selection has {selection.Length} words; {n} rows need {words}.", nameof(selection));
        }

        Span<ulong> live = selection[..words];
        Bits.And(live, predicate.BooleanWords, live);
        if (predicate.HasNulls)
        {
            Bits.And(live, predicate.Validity, live);
        }
    }

    private static SqlType NeverNull => SqlType.Boolean.WithNullable(false);

    private static ColumnVector Connect<TOp>(ColumnVector a, ColumnVector b, BufferPool pool)
        where TOp : IKleeneOperator
    {
        RequireBoolean(a, nameof(a));
        RequireBoolean(b, nameof(b));
        ArgumentNullException.ThrowIfNull(pool);
        if (a.Length != b.Length)
        {
            throw new ArgumentException(
                $"Cannot combine a BOOLEAN column of {a.Length} rows with one of {b.Length} rows; both sides need the same row count.",
                nameof(b));
        }

        int n = a.Length;
        int words = Bits.WordCount(n);
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        NativeBuffer? validity = null;
        try
        {
            Span<ulong> v = values.Words[..words];
            if (!a.HasNulls && !b.HasNulls)
            {
                BitwiseDriver.Invoke<TOp>(a.BooleanWords, b.BooleanWords, v);
            }
            else
            {
                validity = pool.Rent(Bits.ByteCount(n));
                Span<ulong> valid = validity.Words[..words];
                if (!a.HasNulls || !b.HasNulls)
                {
                    // The side without NULLs reads an all-valid mask from the validity output, which the driver overwrites in step.
                    Bits.SetAll(valid, n);
                }

                KleeneDriver.Invoke<TOp>(
                    a.BooleanWords, a.HasNulls ? a.Validity : valid, b.BooleanWords, b.HasNulls ? b.Validity : valid, v, valid);
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Boolean.WithNullable(a.Type.Nullable || b.Type.Nullable), n, validity, values);
    }

    private static ColumnVector Test<TOp>(ColumnVector a, BufferPool pool)
        where TOp : IBitwiseOperator
    {
        RequireBoolean(a, nameof(a));
        ArgumentNullException.ThrowIfNull(pool);
        int n = a.Length;
        int words = Bits.WordCount(n);
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        Span<ulong> v = values.Words[..words];
        if (a.HasNulls)
        {
            BitwiseDriver.Invoke<TOp>(a.BooleanWords, a.Validity, v);
        }
        else
        {
            // All rows valid: the mask is all ones, written where the driver may read it and overwrite it in step.
            Bits.SetAll(v, n);
            BitwiseDriver.Invoke<TOp>(a.BooleanWords, v, v);
        }

        Bits.ClearPadding(v, n);
        return ColumnVector.FromBuffers(NeverNull, n, null, values);
    }

    private static void RequireBoolean(ColumnVector column, string name)
    {
        ArgumentNullException.ThrowIfNull(column, name);
        if (column.Type.Kind != SqlTypeKind.Boolean)
        {
            throw new ArgumentException($"Expected a BOOLEAN column, got {column.Type}; logical operators take BOOLEAN operands.", name);
        }
    }
}
