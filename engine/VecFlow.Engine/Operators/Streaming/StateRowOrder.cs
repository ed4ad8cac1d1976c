using VecFlow.Engine.Operators.Sort;
using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Orders rows kept in state by ORDER BY keys as the batch sort does, then by an arrival sequence field.</summary>
/// <remarks>
/// The batch sort breaks ties in the order keys by input order; a streaming operator numbers rows as they arrive and
/// breaks ties by that number, so at parallelism 1 both agree. Values compare as the sort kernels do: FLOAT / DOUBLE
/// with -0.0 equal to 0.0 and NaN above +infinity, VARCHAR by code point (the order of its UTF-8 bytes), NULLs where the
/// key's null placement says.
/// </remarks>
internal sealed class StateRowOrder : IComparer<StateRow>
{
    private readonly SortKey[] _keys;
    private readonly SqlTypeKind[] _kinds;
    private readonly int _sequenceField;

    /// <param name="types">The types of the row's fields.</param>
    /// <param name="keys">The ORDER BY keys over those fields.</param>
    /// <param name="sequenceField">The BIGINT field holding the arrival number, or -1 to compare the keys only.</param>
    public StateRowOrder(IReadOnlyList<SqlType> types, IReadOnlyList<SortKey> keys, int sequenceField)
    {
        _keys = [.. keys];
        _kinds = [.. keys.Select(k => types[k.Column].Kind)];
        _sequenceField = sequenceField;
    }

    public int Compare(StateRow? x, StateRow? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int c = CompareKeys(x, y);
        return c != 0 || _sequenceField < 0 ? c : x.GetInt64(_sequenceField).CompareTo(y.GetInt64(_sequenceField));
    }

    /// <summary>The order of two rows by the ORDER BY keys alone (0 for peers).</summary>
    public int CompareKeys(StateRow x, StateRow y)
    {
        for (int k = 0; k < _keys.Length; k++)
        {
            SortKey key = _keys[k];
            int field = key.Column;
            bool xNull = x.IsNull(field);
            bool yNull = y.IsNull(field);
            if (xNull || yNull)
            {
                if (xNull && yNull)
                {
                    continue;
                }

                return xNull == key.NullsFirst ? -1 : 1;
            }

            int c = _kinds[k] switch
            {
                SqlTypeKind.Varchar => CompareCodePoints(x.GetString(field), y.GetString(field)),
                SqlTypeKind.Float or SqlTypeKind.Double =>
                    OrderedLongKeyLane.OrderedBits(x.GetDouble(field)).CompareTo(OrderedLongKeyLane.OrderedBits(y.GetDouble(field))),
                SqlTypeKind.Decimal => x.GetDecimal(field).CompareTo(y.GetDecimal(field)),
                _ => x.GetInt64(field).CompareTo(y.GetInt64(field)),
            };
            if (c != 0)
            {
                return key.Descending ? -c : c;
            }
        }

        return 0;
    }

    /// <summary>Compares UTF-16 strings in code point order, which is the order of their UTF-8 bytes.</summary>
    private static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x != y)
            {
                // Surrogates stand for code points above U+FFFF, so they sort after U+E000..U+FFFF.
                return Rank(x).CompareTo(Rank(y));
            }
        }

        return a.Length.CompareTo(b.Length);

        static int Rank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
