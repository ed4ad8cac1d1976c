using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;

namespace VecFlow.Vector.Kernels;

/// <summary>The one loop for string predicates: a bit per row where the predicate holds, or a selection narrowed to those rows.</summary>
/// <remarks>
/// Rows are visited one 64-row word at a time, and only the rows that matter (non-null, and live in the selection when
/// filtering) are evaluated, by walking the set bits of the word's mask. Null rows get bit 0, so the result is a
/// canonical BOOLEAN value bitmap (and "is TRUE" for a filter).
/// </remarks>
[SkipLocalsInit]
public static class StringPredicateDriver
{
    /// <summary>Bit i of <paramref name="destination"/> = row i is non-null and matches; bits past the rows are zero.</summary>
    public static void Invoke<TPredicate>(ColumnVector strings, in TPredicate predicate, Span<ulong> destination)
        where TPredicate : struct, IUtf8Predicate
    {
        var rows = new Utf8Rows(strings);
        int words = Bits.WordCount(rows.Length);
        if (destination.Length < words)
        {
            throw new ArgumentException($"The destination holds {destination.Length} words; {rows.Length} rows need {words}.", nameof(destination));
        }

        ReadOnlySpan<ulong> validity = strings.Validity;
        for (int w = 0; w < words; w++)
        {
            ulong live = w == words - 1 ? Bits.TailMask(rows.Length) : ulong.MaxValue;
            if (!validity.IsEmpty)
            {
                live &= validity[w];
            }

            destination[w] = Evaluate(rows, predicate, w, live);
        }
    }

    /// <summary>Clears the bits of <paramref name="selection"/> whose row is null or does not match.</summary>
    public static void Filter<TPredicate>(ColumnVector strings, in TPredicate predicate, Span<ulong> selection)
        where TPredicate : struct, IUtf8Predicate
    {
        var rows = new Utf8Rows(strings);
        int words = Bits.WordCount(rows.Length);
        if (selection.Length < words)
        {
            throw new ArgumentException($"The selection holds {selection.Length} words; {rows.Length} rows need {words}.", nameof(selection));
        }

        ReadOnlySpan<ulong> validity = strings.Validity;
        for (int w = 0; w < words; w++)
        {
            ulong live = selection[w];
            if (w == words - 1)
            {
                live &= Bits.TailMask(rows.Length);
            }

            if (!validity.IsEmpty)
            {
                live &= validity[w];
            }

            selection[w] = Evaluate(rows, predicate, w, live);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Evaluate<TPredicate>(in Utf8Rows rows, in TPredicate predicate, int word, ulong live)
        where TPredicate : struct, IUtf8Predicate
    {
        ulong result = 0;
        int first = word << 6;
        while (live != 0)
        {
            int bit = BitOperations.TrailingZeroCount(live);
            if (predicate.Matches(rows[first + bit]))
            {
                result |= 1UL << bit;
            }

            live &= live - 1;
        }

        return result;
    }
}
