using System.Buffers.Binary;
using global::Parquet.Meta;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;
using ParquetType = global::Parquet.Meta.Type;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// Decides from a row group's column statistics (min, max, null count) whether any of its rows can satisfy every
/// pushed predicate; a row group that cannot is not read. Unknown or unusable statistics never skip.
/// </summary>
/// <remarks>
/// Statistics and literals are compared in the table's domain: integers, dates, times and timestamps (in millis) as
/// int64, decimals as Int128 at the table's scale, FLOAT/DOUBLE as double, strings as UTF-8 bytes (binary order, as
/// Flink and Parquet compare them). File values reach that domain through the same monotone conversions the decoder
/// applies to the rows, so the bounds stay bounds.
/// </remarks>
internal sealed class ParquetRowGroupFilter
{
    private readonly List<Term> _terms;

    private ParquetRowGroupFilter(List<Term> terms) => _terms = terms;

    /// <summary>The filter of <paramref name="predicates"/> (columns index <paramref name="columns"/>), or null when none can be checked on statistics.</summary>
    public static ParquetRowGroupFilter? Create(IReadOnlyList<ScanPredicate> predicates, Func<int, (ParquetColumn Column, int Leaf)?> columns)
    {
        var terms = new List<Term>();
        foreach (ScanPredicate predicate in predicates)
        {
            if (columns(predicate.Column) is not { } found || found.Column.IsUnsigned || found.Column.Physical is ParquetType.INT96 or ParquetType.BOOLEAN)
            {
                continue;
            }

            object?[] literals = [.. predicate.Values.Select(v => Literal(v, found.Column.Type))];
            if (literals.Any(l => l is null))
            {
                continue;
            }

            terms.Add(new Term(found.Column, found.Leaf, predicate.Kind, literals!));
        }

        return terms.Count == 0 ? null : new ParquetRowGroupFilter(terms);
    }

    /// <summary>False when the statistics prove that no row of row group <paramref name="group"/> satisfies every predicate.</summary>
    public bool MayMatch(ParquetFooter footer, int group)
    {
        foreach (Term term in _terms)
        {
            if (!term.MayMatch(footer, group))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A literal of the column's type in the comparison domain; null when it cannot be compared exactly.</summary>
    private static object? Literal(ScalarValue value, SqlType column)
    {
        if (value.Value is null)
        {
            return null;
        }

        return column.Kind switch
        {
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Date or SqlTypeKind.Time
                or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz when value.Type.Kind == column.Kind => Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture),
            SqlTypeKind.Decimal when value.Type.Kind == SqlTypeKind.Decimal && value.Type.Scale <= column.Scale
                && DecimalMath.TryRescale((Int128)value.Value, value.Type.Scale, column.Scale, out Int128 scaled) => scaled,
            SqlTypeKind.Float or SqlTypeKind.Double when value.Value is float or double => Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture),
            SqlTypeKind.Varchar when value.Value is string s => System.Text.Encoding.UTF8.GetBytes(s),
            _ => null,
        };
    }

    private static int Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (Int128 x, Int128 y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        _ => throw new InvalidOperationException($"Cannot compare {a.GetType().Name} with {b.GetType().Name}."),
    };

    private sealed record Term(ParquetColumn Column, int Leaf, ScanPredicateKind Kind, object[] Literals)
    {
        public bool MayMatch(ParquetFooter footer, int group)
        {
            Statistics? statistics = footer.StatisticsOf(group, Leaf);
            if (statistics is null)
            {
                return true;
            }

            long rows = footer.RowCount(group);
            long? nulls = statistics.NullCount;
            switch (Kind)
            {
                case ScanPredicateKind.IsNull:
                    return nulls != 0;
                case ScanPredicateKind.IsNotNull:
                    return nulls != rows;
                default:
                    break;
            }

            if (nulls == rows && rows > 0)
            {
                // Only NULLs: no comparison is TRUE.
                return false;
            }

            bool legacy = Column.Physical is ParquetType.INT32 or ParquetType.INT64 or ParquetType.FLOAT or ParquetType.DOUBLE;
            if (Bound(statistics.MinValue ?? (legacy ? statistics.Min : null)) is not { } min
                || Bound(statistics.MaxValue ?? (legacy ? statistics.Max : null)) is not { } max)
            {
                return true;
            }

            return Kind switch
            {
                ScanPredicateKind.Equal => Compare(Literals[0], min) >= 0 && Compare(Literals[0], max) <= 0,

                // Byte-array bounds may be truncated, so min = max does not prove every value equal.
                ScanPredicateKind.NotEqual => Literals[0] is byte[] || Compare(min, Literals[0]) != 0 || Compare(max, Literals[0]) != 0,
                ScanPredicateKind.Less => Compare(min, Literals[0]) < 0,
                ScanPredicateKind.LessOrEqual => Compare(min, Literals[0]) <= 0,
                ScanPredicateKind.Greater => Compare(max, Literals[0]) > 0,
                ScanPredicateKind.GreaterOrEqual => Compare(max, Literals[0]) >= 0,
                ScanPredicateKind.Between => Compare(max, Literals[0]) >= 0 && Compare(min, Literals[1]) <= 0,
                ScanPredicateKind.In => Literals.Any(l => Compare(l, min) >= 0 && Compare(l, max) <= 0),
                _ => true,
            };
        }

        /// <summary>A plain-encoded statistics value in the comparison domain; null when unusable.</summary>
        private object? Bound(byte[]? raw)
        {
            if (raw is null)
            {
                return null;
            }

            SqlType type = Column.Type;
            switch (Column.Physical)
            {
                case ParquetType.INT32 when raw.Length >= 4:
                    {
                        int value = BinaryPrimitives.ReadInt32LittleEndian(raw);
                        return type.Kind == SqlTypeKind.Decimal ? Decimal(value) : (long)value;
                    }

                case ParquetType.INT64 when raw.Length >= 8:
                    {
                        long value = BinaryPrimitives.ReadInt64LittleEndian(raw);
                        if (type.Kind == SqlTypeKind.Decimal)
                        {
                            return Decimal(value);
                        }

                        if (type.Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.Time)
                        {
                            new MillisConversion(Column.UnitsPerMilli).TryConvert(value, out long millis);
                            return millis;
                        }

                        return value;
                    }

                case ParquetType.FLOAT when raw.Length >= 4:
                    {
                        double value = BinaryPrimitives.ReadSingleLittleEndian(raw);
                        return double.IsNaN(value) ? null : value;
                    }

                case ParquetType.DOUBLE when raw.Length >= 8:
                    {
                        double value = BinaryPrimitives.ReadDoubleLittleEndian(raw);
                        return double.IsNaN(value) ? null : value;
                    }

                case ParquetType.BYTE_ARRAY or ParquetType.FIXED_LEN_BYTE_ARRAY when type.Kind == SqlTypeKind.Decimal:
                    return DecimalBytesConversion.TryUnscaled(raw, out Int128 unscaled) ? Decimal(unscaled) : null;
                case ParquetType.BYTE_ARRAY when type.Kind == SqlTypeKind.Varchar:
                    return raw;
                default:
                    return null;
            }
        }

        private object? Decimal(Int128 unscaled) =>
            ParquetColumnDecoder.DecimalOf(Column).TryConvert(unscaled, out Int128 result) ? result : null;
    }
}
