using System.Buffers;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// The pushed predicates a Parquet reader checks row by row on the columns it decodes, so it decodes the other columns
/// only for batches where some row survives and hands on only the rows where every predicate is TRUE.
/// </summary>
/// <remarks>
/// Each predicate is a conjunct of the filter above the scan: a row dropped here is one that filter drops too (a
/// comparison with NULL is not TRUE), and a predicate that cannot be checked exactly here (a literal of another type,
/// a NULL literal) is left to it. The predicates <see cref="Applies"/> accepts are always checked, so the planner may
/// take them out of the filter (batch mode); their columns are then decoded for the check without being returned.
/// </remarks>
internal sealed class ParquetRowFilter
{
    private readonly Term[] _terms;

    private ParquetRowFilter(Term[] terms, IReadOnlyList<SqlType> types)
    {
        _terms = terms;
        // Strings cost the most to decode: they come last, so a batch the others rule out never decodes them.
        Positions = [.. terms.Select(t => t.Position).Distinct().OrderBy(p => types[p].Kind == SqlTypeKind.Varchar ? 1 : 0).ThenBy(p => p)];
        _utf8 = new ParquetUtf8Predicate?[types.Count];
        foreach (IGrouping<int, Term> column in terms.GroupBy(t => t.Position))
        {
            if (types[column.Key].Kind == SqlTypeKind.Varchar && column.All(t => !t.NullsPass))
            {
                _utf8[column.Key] = new ParquetUtf8Predicate(column.Select(t => (t.Kind, (IReadOnlyList<ScalarValue>)t.Values)));
            }
        }
    }

    // Per position, the terms on a VARCHAR column as one test of the undecoded values (null where not applicable).
    private readonly ParquetUtf8Predicate?[] _utf8;

    /// <summary>The positions (among the reader's columns) of the columns the predicates read, in the order to check them.</summary>
    public int[] Positions { get; }

    /// <summary>
    /// The filter of the <paramref name="predicates"/> (columns index the file schema) that compare one of
    /// <paramref name="columns"/> (file schema indices, the reader's columns in order, of types <paramref name="types"/>)
    /// with literals of its type; null when none does.
    /// </summary>
    /// <remarks>
    /// <paramref name="nullsPass"/>, when given, is one more predicate (a TopN's cut-off) under which NULL rows pass
    /// as well: the rows kept for it are those where it is TRUE or the column is NULL.
    /// </remarks>
    public static ParquetRowFilter? Create(IReadOnlyList<ScanPredicate> predicates, IReadOnlyList<int> columns, IReadOnlyList<SqlType> types, ScanPredicate? nullsPass = null)
    {
        var terms = new List<Term>();
        foreach (ScanPredicate predicate in nullsPass is null ? predicates : [.. predicates, nullsPass])
        {
            int position = IndexOf(columns, predicate.Column);
            if (position < 0)
            {
                continue;
            }

            SqlType type = types[position];
            if (!Applies(predicate, type))
            {
                continue;
            }

            terms.Add(new Term(position, predicate.Kind, [.. predicate.Values.Select(v => Typed(v, type)!)], ReferenceEquals(predicate, nullsPass)));
        }

        return terms.Count == 0 ? null : new ParquetRowFilter([.. terms], types);
    }

    /// <summary>
    /// True when a reader whose columns include <paramref name="predicate"/>'s column, of <paramref name="type"/>,
    /// drops exactly the rows for which the predicate is not TRUE.
    /// </summary>
    public static bool Applies(ScanPredicate predicate, SqlType type) =>
        Supported(type, predicate.Kind) && predicate.Values.All(v => Typed(v, type) is not null);

    /// <summary>
    /// Narrows <paramref name="live"/> like <see cref="Narrow(int, ColumnVector, Span{ulong})"/> by testing the next
    /// <paramref name="rows"/> values of the chunk <paramref name="reader"/> reads without building a column; false (the
    /// chunk untouched) when the column's predicates cannot be tested that way.
    /// </summary>
    /// <remarks>For a VARCHAR column read for the filter alone: its text is never copied.</remarks>
    public bool TryNarrowUndecoded(int position, ParquetChunk reader, ParquetColumn column, int rows, int first, Span<ulong> live)
    {
        if (_utf8[position] is not { } predicate)
        {
            return false;
        }

        ParquetColumnDecoder.Narrow(reader, column, rows, first, predicate, live);
        return true;
    }

    /// <summary>Narrows <paramref name="live"/> to the rows where every predicate on the column at <paramref name="position"/> is TRUE.</summary>
    public void Narrow(int position, ColumnVector column, Span<ulong> live)
    {
        foreach (Term term in _terms)
        {
            if (term.Position != position)
            {
                continue;
            }

            if (term.NullsPass && column.HasNulls)
            {
                NarrowOrNull(term, column, live);
            }
            else
            {
                Narrow(term, column, live);
            }
        }
    }

    private static void Narrow(Term term, ColumnVector column, Span<ulong> live)
    {
        switch (term.Kind)
        {
            case ScanPredicateKind.IsNull:
                if (column.HasNulls)
                {
                    Bits.AndNot(live, column.Validity[..live.Length], live);
                }
                else
                {
                    live.Clear();
                }

                break;
            case ScanPredicateKind.IsNotNull:
                if (column.HasNulls)
                {
                    Bits.And(live, column.Validity[..live.Length], live);
                }

                break;
            case ScanPredicateKind.Between:
                ComparisonKernels.Filter(column, ComparisonOp.GreaterOrEqual, term.Values[0], live);
                ComparisonKernels.Filter(column, ComparisonOp.LessOrEqual, term.Values[1], live);
                break;
            case ScanPredicateKind.In:
                NarrowIn(term, column, live);
                break;
            default:
                ComparisonKernels.Filter(column, Op(term.Kind), term.Values[0], live);
                break;
        }
    }

    /// <summary>Keeps the live rows where the term is TRUE or the column is NULL.</summary>
    private static void NarrowOrNull(Term term, ColumnVector column, Span<ulong> live)
    {
        ulong[] rented = ArrayPool<ulong>.Shared.Rent(live.Length);
        try
        {
            Span<ulong> nulls = rented.AsSpan(0, live.Length);
            Bits.AndNot(live, column.Validity[..live.Length], nulls);
            Narrow(term, column, live);
            Bits.Or(live, nulls, live);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>Keeps the live rows equal to one of the values: the OR of one equality per value.</summary>
    private static void NarrowIn(Term term, ColumnVector column, Span<ulong> live)
    {
        ulong[] any = ArrayPool<ulong>.Shared.Rent(live.Length);
        ulong[] one = ArrayPool<ulong>.Shared.Rent(live.Length);
        try
        {
            Span<ulong> matched = any.AsSpan(0, live.Length);
            Span<ulong> equal = one.AsSpan(0, live.Length);
            matched.Clear();
            foreach (ScalarValue value in term.Values)
            {
                live.CopyTo(equal);
                ComparisonKernels.Filter(column, ComparisonOp.Equal, value, equal);
                Bits.Or(matched, equal, matched);
            }

            matched.CopyTo(live);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(any);
            ArrayPool<ulong>.Shared.Return(one);
        }
    }

    private static ComparisonOp Op(ScanPredicateKind kind) => kind switch
    {
        ScanPredicateKind.Equal => ComparisonOp.Equal,
        ScanPredicateKind.NotEqual => ComparisonOp.NotEqual,
        ScanPredicateKind.Less => ComparisonOp.Less,
        ScanPredicateKind.LessOrEqual => ComparisonOp.LessOrEqual,
        ScanPredicateKind.Greater => ComparisonOp.Greater,
        ScanPredicateKind.GreaterOrEqual => ComparisonOp.GreaterOrEqual,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a comparison."),
    };

    /// <summary>Kinds of column the comparison kernels order; IS [NOT] NULL works on any.</summary>
    private static bool Supported(SqlType type, ScanPredicateKind kind) =>
        kind is ScanPredicateKind.IsNull or ScanPredicateKind.IsNotNull
        || type.Kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Float
            or SqlTypeKind.Double or SqlTypeKind.Decimal or SqlTypeKind.Boolean or SqlTypeKind.Varchar or SqlTypeKind.Date
            or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz;

    /// <summary>
    /// The literal as a constant the comparison kernels take for a column of <paramref name="type"/> (integers
    /// narrowed or widened exactly); null when it is NULL or has no exact form of that type.
    /// </summary>
    private static ScalarValue? Typed(ScalarValue value, SqlType type)
    {
        object? v = value.Value;
        if (v is null)
        {
            return null;
        }

        return type.Kind switch
        {
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => Integer(v) is { } x ? Narrowed(x, type) : null,
            SqlTypeKind.Decimal when value.Type.Kind == SqlTypeKind.Decimal && v is Int128 => value,
            SqlTypeKind.Double when value.Type.Kind == SqlTypeKind.Double && v is double => value,
            SqlTypeKind.Float when value.Type.Kind == SqlTypeKind.Float && v is float => value,
            SqlTypeKind.Boolean when v is bool => value,
            SqlTypeKind.Varchar when v is string => value,
            SqlTypeKind.Date or SqlTypeKind.Time when value.Type.Kind == type.Kind && v is int => value,
            SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz when value.Type.Kind == type.Kind && v is long => value,
            _ => null,
        };
    }

    private static long? Integer(object value) => value switch
    {
        sbyte b => b,
        short s => s,
        int i => i,
        long l => l,
        _ => null,
    };

    private static ScalarValue? Narrowed(long value, SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt when value is >= sbyte.MinValue and <= sbyte.MaxValue => new ScalarValue(type, (sbyte)value),
        SqlTypeKind.SmallInt when value is >= short.MinValue and <= short.MaxValue => new ScalarValue(type, (short)value),
        SqlTypeKind.Int when value is >= int.MinValue and <= int.MaxValue => new ScalarValue(type, (int)value),
        SqlTypeKind.BigInt => new ScalarValue(type, value),
        _ => null,
    };

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Term(int Position, ScanPredicateKind Kind, ScalarValue[] Values, bool NullsPass = false);
}
