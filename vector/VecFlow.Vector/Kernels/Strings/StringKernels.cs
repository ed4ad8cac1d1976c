using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>SQL string functions on STRING (Arrow utf8) columns, computed on the UTF-8 bytes without a .NET string per row.</summary>
/// <remarks>
/// Every function is NULL in, NULL out, row by row, and builds its result from buffers rented from the given pool.
/// Characters are code points: lengths, positions, '_' and SUBSTRING count code points, never bytes or UTF-16 chars.
/// A .NET null for a constant argument stands for SQL NULL and gives an all-NULL result. String equality and
/// ordering live in the comparison kernels.
/// </remarks>
[SkipLocalsInit]
public static class StringKernels
{
    /// <summary>BOOLEAN: s starts with <paramref name="prefix"/> (case-sensitive).</summary>
    public static ColumnVector StartsWith(ColumnVector input, string prefix, BufferPool pool) => prefix is null
        ? AllNull(SqlType.Boolean, input, pool)
        : Predicate(input, new Utf8StartsWith(Encoding.UTF8.GetBytes(prefix)), pool);

    /// <summary>BOOLEAN: s ends with <paramref name="suffix"/> (case-sensitive).</summary>
    public static ColumnVector EndsWith(ColumnVector input, string suffix, BufferPool pool) => suffix is null
        ? AllNull(SqlType.Boolean, input, pool)
        : Predicate(input, new Utf8EndsWith(Encoding.UTF8.GetBytes(suffix)), pool);

    /// <summary>BOOLEAN: s contains <paramref name="needle"/> (case-sensitive); every string contains ''.</summary>
    public static ColumnVector Contains(ColumnVector input, string needle, BufferPool pool) => needle is null
        ? AllNull(SqlType.Boolean, input, pool)
        : Predicate(input, new Utf8Contains(Encoding.UTF8.GetBytes(needle)), pool);

    /// <summary>BOOLEAN: s LIKE <paramref name="pattern"/> [ESCAPE <paramref name="escape"/>]; see <see cref="LikePattern"/>.</summary>
    public static ColumnVector Like(ColumnVector input, string pattern, char? escape, BufferPool pool) => pattern is null
        ? AllNull(SqlType.Boolean, input, pool)
        : Like(input, LikePattern.Compile(pattern, escape), pool);

    /// <summary>BOOLEAN: s LIKE a pattern compiled once for the expression.</summary>
    public static ColumnVector Like(ColumnVector input, LikePattern pattern, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.Shape switch
        {
            LikeShape.Exact => Predicate(input, new Utf8Equals(pattern.Head), pool),
            LikeShape.Prefix => Predicate(input, new Utf8StartsWith(pattern.Head), pool),
            LikeShape.Suffix => Predicate(input, new Utf8EndsWith(pattern.Tail), pool),
            LikeShape.Contains => Predicate(input, new Utf8Contains(pattern.Head), pool),
            LikeShape.PrefixSuffix => Predicate(input, new Utf8StartsAndEndsWith(pattern.Head, pattern.Tail), pool),
            _ => Predicate(input, new Utf8Wildcard(pattern.Tokens), pool),
        };
    }

    /// <summary>selection &amp;= (s LIKE pattern) IS TRUE: rows that are NULL or do not match are deselected.</summary>
    public static void FilterLike(ColumnVector input, string pattern, char? escape, Span<ulong> selection)
    {
        if (pattern is null)
        {
            // LIKE NULL is NULL, never TRUE.
            selection[..Bits.WordCount(input.Length)].Clear();
            return;
        }

        FilterLike(input, LikePattern.Compile(pattern, escape), selection);
    }

    /// <summary>selection &amp;= (s LIKE pattern) IS TRUE, with a pattern compiled once for the expression.</summary>
    public static void FilterLike(ColumnVector input, LikePattern pattern, Span<ulong> selection)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        switch (pattern.Shape)
        {
            case LikeShape.Exact: StringPredicateDriver.Filter(input, new Utf8Equals(pattern.Head), selection); break;
            case LikeShape.Prefix: StringPredicateDriver.Filter(input, new Utf8StartsWith(pattern.Head), selection); break;
            case LikeShape.Suffix: StringPredicateDriver.Filter(input, new Utf8EndsWith(pattern.Tail), selection); break;
            case LikeShape.Contains: StringPredicateDriver.Filter(input, new Utf8Contains(pattern.Head), selection); break;
            case LikeShape.PrefixSuffix: StringPredicateDriver.Filter(input, new Utf8StartsAndEndsWith(pattern.Head, pattern.Tail), selection); break;
            default: StringPredicateDriver.Filter(input, new Utf8Wildcard(pattern.Tokens), selection); break;
        }
    }

    /// <summary>INT: CHAR_LENGTH(s), the number of code points.</summary>
    public static ColumnVector CharLength(ColumnVector input, BufferPool pool)
    {
        int n = input.Length;
        NativeBuffer? validity = CopyValidity(input, pool);
        NativeBuffer values = pool.Rent(n * sizeof(int));
        try
        {
            CodePointStarts.CountPerRow(input, values.As<int>(), pool);
        }
        catch
        {
            validity?.Release();
            values.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Int, n, validity, values);
    }

    /// <summary>
    /// SUBSTRING(s FROM <paramref name="start"/> [FOR <paramref name="length"/>]), counting code points from 1.
    /// </summary>
    /// <remarks>
    /// Positions follow Flink (so that Flink jobs give the same answers), which differs from the SQL standard for
    /// start &lt;= 0: start 0 is treated as 1 (SUBSTRING('hello' FROM 0 FOR 2) = 'he'; the standard gives 'h'), and a
    /// negative start counts from the end (SUBSTRING('hello' FROM -3 FOR 2) = 'll'), giving '' when it reaches before the
    /// first character (SUBSTRING('hello' FROM -6) = ''). A start past the end or a length of 0 gives ''; a length past
    /// the end stops at the end. A negative length is an error, as in the SQL standard (Flink returns NULL); it is
    /// raised on the first non-NULL row, so an all-NULL batch gives NULLs.
    /// </remarks>
    public static ColumnVector Substring(ColumnVector input, long start, long? length, BufferPool pool)
    {
        if (length < 0)
        {
            int row = FirstNonNullRow(input);
            if (row >= 0)
            {
                throw new SqlRuntimeException(
                    SqlErrorKind.InvalidArgument,
                    row,
                    $"SUBSTRING length {length} is negative; the length must be 0 or more, or left out to take the rest of the string");
            }
        }

        return StringTransformDriver.Invoke(input, new SubstringOperation(start, length), pool);
    }

    /// <summary>UPPER(s): Unicode simple case mapping, culture-invariant.</summary>
    /// <remarks>
    /// ASCII rows are mapped on the bytes with a vectorized pass; other rows through .NET invariant casing. Simple case
    /// mapping keeps one character per character, so it differs from Java's (Flink's) full mapping for the few
    /// characters whose case form is longer: UPPER('ß') is 'ß' here and 'SS' in Flink, LOWER('İ') is 'i' here and
    /// 'i̇' in Flink, and a final 'Σ' lowers to 'σ', not 'ς'.
    /// </remarks>
    public static ColumnVector Upper(ColumnVector input, BufferPool pool) =>
        StringTransformDriver.Invoke(input, default(UpperCase), pool);

    /// <summary>LOWER(s): Unicode simple case mapping, culture-invariant (see <see cref="Upper"/> for how it differs from Flink).</summary>
    public static ColumnVector Lower(ColumnVector input, BufferPool pool) =>
        StringTransformDriver.Invoke(input, default(LowerCase), pool);

    /// <summary>CONCAT(s1, s2, ...): the strings joined; NULL when any argument is NULL (Flink's CONCAT).</summary>
    public static ColumnVector Concat(IReadOnlyList<ColumnVector> inputs, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("CONCAT takes at least one argument.", nameof(inputs));
        }

        int n = inputs[0].Length;
        long totalBytes = 0;
        foreach (ColumnVector input in inputs)
        {
            var rows = new Utf8Rows(input);
            if (rows.Length != n)
            {
                throw new ArgumentException($"CONCAT arguments must have the same number of rows; got {rows.Length} and {n}.", nameof(inputs));
            }

            totalBytes += rows.ByteLength;
        }

        if (totalBytes > int.MaxValue / 2)
        {
            throw new InvalidOperationException($"CONCAT of {n} rows could need {totalBytes} bytes; one column holds at most 1 GiB of text.");
        }

        return ConcatRows(inputs, n, (int)totalBytes, pool);
    }

    /// <summary>TRIM(BOTH ' ' FROM s) and friends with the default blank.</summary>
    public static ColumnVector Trim(ColumnVector input, TrimMode mode, BufferPool pool) => Trim(input, mode, " ", pool);

    /// <summary>
    /// TRIM(BOTH|LEADING|TRAILING <paramref name="characters"/> FROM s): removes every leading and/or trailing code point
    /// that occurs anywhere in <paramref name="characters"/> (a set, as in Flink; the empty set removes nothing).
    /// </summary>
    public static ColumnVector Trim(ColumnVector input, TrimMode mode, string characters, BufferPool pool)
    {
        if (characters is null)
        {
            return AllNull(SqlType.Varchar, input, pool);
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "TRIM mode must be Both, Leading or Trailing.");
        }

        if (System.Text.Ascii.IsValid(characters))
        {
            var set = SearchValues.Create(Encoding.ASCII.GetBytes(characters));
            return StringTransformDriver.Invoke(input, new AsciiTrim(set, mode), pool);
        }

        Rune[] runes = [.. characters.EnumerateRunes().Distinct()];
        return StringTransformDriver.Invoke(input, new RuneTrim(runes, mode), pool);
    }

    /// <summary>REPLACE(s, search, replacement): every non-overlapping occurrence, left to right; an empty search changes nothing.</summary>
    public static ColumnVector Replace(ColumnVector input, string search, string replacement, BufferPool pool)
    {
        if (search is null || replacement is null)
        {
            return AllNull(SqlType.Varchar, input, pool);
        }

        if (search.Length == 0)
        {
            _ = new Utf8Rows(input); // the same argument check as every other path
            return input.Share();
        }

        return StringTransformDriver.Invoke(input, new ReplaceOperation(Encoding.UTF8.GetBytes(search), Encoding.UTF8.GetBytes(replacement)), pool);
    }

    /// <summary>INT: POSITION(needle IN s), the 1-based code-point index of the first occurrence, 0 if absent, 1 for ''.</summary>
    public static ColumnVector Position(ColumnVector input, string needle, BufferPool pool)
    {
        if (needle is null)
        {
            return AllNull(SqlType.Int, input, pool);
        }

        int n = input.Length;
        NativeBuffer? validity = CopyValidity(input, pool);
        NativeBuffer values = pool.Rent(n * sizeof(int));
        try
        {
            StringMeasureDriver.Invoke(input, new PositionMeasure(Encoding.UTF8.GetBytes(needle)), values.As<int>());
        }
        catch
        {
            validity?.Release();
            values.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Int, n, validity, values);
    }

    private static ColumnVector Predicate<TPredicate>(ColumnVector input, in TPredicate predicate, BufferPool pool)
        where TPredicate : struct, IUtf8Predicate
    {
        int n = input.Length;
        NativeBuffer? validity = CopyValidity(input, pool);
        NativeBuffer values = pool.Rent(Bits.ByteCount(n));
        try
        {
            StringPredicateDriver.Invoke(input, predicate, values.Words);
        }
        catch
        {
            validity?.Release();
            values.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Boolean, n, validity, values);
    }

    /// <summary>
    /// Column by column rather than row by row: the row lengths are summed into the offsets, then each argument's
    /// bytes are copied to where its rows go, so every pass reads one argument's buffers in order.
    /// </summary>
    private static ColumnVector ConcatRows(IReadOnlyList<ColumnVector> inputs, int n, int totalBytes, BufferPool pool)
    {
        int words = Bits.WordCount(n);
        NativeBuffer? validity = null;
        NativeBuffer offsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer? cursors = null;
        NativeBuffer? data = null;
        try
        {
            foreach (ColumnVector input in inputs)
            {
                if (input.HasNulls)
                {
                    if (validity is null)
                    {
                        validity = pool.Rent(Bits.ByteCount(n));
                        Bits.SetAll(validity.Words, n);
                    }

                    Span<ulong> combined = validity.Words[..words];
                    Bits.And(combined, input.Validity[..words], combined);
                }
            }

            ReadOnlySpan<ulong> valid = validity is null ? default : validity.Words;
            Span<int> ends = offsets.As<int>();
            ends.Clear();
            foreach (ColumnVector input in inputs)
            {
                var rows = new Utf8Rows(input);
                for (int i = 0; i < n; i++)
                {
                    ends[i + 1] += rows.Offset(i + 1) - rows.Offset(i);
                }
            }

            for (int i = 0; i < n; i++)
            {
                int length = valid.IsEmpty || Bits.Get(valid, i) ? ends[i + 1] : 0;
                ends[i + 1] = ends[i] + length;
            }

            data = pool.Rent(ends[n]);
            cursors = pool.Rent(n * sizeof(int));
            Span<int> at = cursors.As<int>();
            ends[..n].CopyTo(at);
            Span<byte> target = data.Bytes;
            foreach (ColumnVector input in inputs)
            {
                var rows = new Utf8Rows(input);
                for (int i = 0; i < n; i++)
                {
                    if (valid.IsEmpty || Bits.Get(valid, i))
                    {
                        ReadOnlySpan<byte> value = rows[i];
                        value.CopyTo(target[at[i]..]);
                        at[i] += value.Length;
                    }
                }
            }

            cursors.Release();
            return ColumnVector.FromBuffers(SqlType.Varchar, n, validity, offsets, data);
        }
        catch
        {
            validity?.Release();
            offsets.Release();
            cursors?.Release();
            data?.Release();
            throw;
        }
    }

    /// <summary>A pooled copy of the input's validity words, or null when it has no nulls.</summary>
    private static NativeBuffer? CopyValidity(ColumnVector input, BufferPool pool)
    {
        _ = new Utf8Rows(input); // every kernel takes STRING input; check before renting anything
        if (!input.HasNulls)
        {
            return null;
        }

        int words = Bits.WordCount(input.Length);
        NativeBuffer validity = pool.Rent(words * sizeof(ulong));
        input.Validity[..words].CopyTo(validity.Words);
        return validity;
    }

    private static ColumnVector AllNull(SqlType type, ColumnVector input, BufferPool pool)
    {
        _ = new Utf8Rows(input);
        return ColumnFactory.Constant(type, null, input.Length, pool);
    }

    private static int FirstNonNullRow(ColumnVector input)
    {
        if (!input.HasNulls)
        {
            return input.Length > 0 ? 0 : -1;
        }

        ReadOnlySpan<ulong> validity = input.Validity;
        for (int w = 0; w < Bits.WordCount(input.Length); w++)
        {
            if (validity[w] != 0)
            {
                return (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(validity[w]);
            }
        }

        return -1;
    }
}
