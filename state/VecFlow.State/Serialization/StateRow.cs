using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.State.Serialization;

/// <summary>A row of typed SQL fields kept in state (an aggregate's accumulators, a join side's row), without boxing.</summary>
/// <remarks>
/// Fixed-width fields live in one <see cref="Int128"/> slot each (integer-backed types and BOOLEAN as a long, FLOAT and
/// DOUBLE as double bits, DECIMAL unscaled); VARCHAR fields in a string slot. Physical values as on
/// <see cref="ScalarValue"/>.
/// </remarks>
public sealed class StateRow : IEquatable<StateRow>
{
    private readonly Int128[] _slots;
    private readonly string?[] _strings;
    private readonly bool[] _nulls;

    public StateRow(IReadOnlyList<SqlType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        Types = types;
        _slots = new Int128[types.Count];
        _strings = new string?[types.Count];
        _nulls = new bool[types.Count];
        Array.Fill(_nulls, true);
    }

    public IReadOnlyList<SqlType> Types { get; }

    public int FieldCount => _slots.Length;

    public bool IsNull(int field) => _nulls[field];

    public void SetNull(int field)
    {
        _nulls[field] = true;
        _slots[field] = 0;
        _strings[field] = null;
    }

    /// <summary>An integer-backed field (TINYINT..BIGINT, DATE, TIME, TIMESTAMP, INTERVAL) or BOOLEAN as 0/1.</summary>
    public long GetInt64(int field) => (long)Present(field);

    public void SetInt64(int field, long value) => Set(field, value);

    public double GetDouble(int field) => BitConverter.Int64BitsToDouble((long)Present(field));

    public void SetDouble(int field, double value) => Set(field, BitConverter.DoubleToInt64Bits(value));

    public Int128 GetDecimal(int field) => Present(field);

    public void SetDecimal(int field, Int128 unscaled) => Set(field, unscaled);

    public string GetString(int field)
    {
        _ = Present(field);
        return _strings[field]!;
    }

    public void SetString(int field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _strings[field] = value;
        _nulls[field] = false;
    }

    /// <summary>The fields as scalar values (tests and debugging; boxes).</summary>
    public ScalarValue[] ToScalarValues()
    {
        var values = new ScalarValue[FieldCount];
        for (int i = 0; i < FieldCount; i++)
        {
            SqlType type = Types[i];
            values[i] = IsNull(i) ? ScalarValue.Null(type) : new ScalarValue(type, type.Kind switch
            {
                SqlTypeKind.Boolean => GetInt64(i) != 0,
                SqlTypeKind.TinyInt => (sbyte)GetInt64(i),
                SqlTypeKind.SmallInt => (short)GetInt64(i),
                SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth => (int)GetInt64(i),
                SqlTypeKind.Float => (float)GetDouble(i),
                SqlTypeKind.Double => GetDouble(i),
                SqlTypeKind.Decimal => GetDecimal(i),
                SqlTypeKind.Varchar => GetString(i),
                _ => (object)GetInt64(i),
            });
        }

        return values;
    }

    /// <summary>A row holding <paramref name="values"/> (tests and literals; unboxes).</summary>
    public static StateRow FromScalarValues(IReadOnlyList<SqlType> types, IReadOnlyList<ScalarValue> values)
    {
        var row = new StateRow(types);
        for (int i = 0; i < types.Count; i++)
        {
            object? v = values[i].Value;
            if (v is null)
            {
                continue;
            }

            switch (types[i].Kind)
            {
                case SqlTypeKind.Boolean: row.SetInt64(i, (bool)v ? 1 : 0); break;
                case SqlTypeKind.Float or SqlTypeKind.Double: row.SetDouble(i, Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)); break;
                case SqlTypeKind.Decimal: row.SetDecimal(i, (Int128)v); break;
                case SqlTypeKind.Varchar: row.SetString(i, (string)v); break;
                default: row.SetInt64(i, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }

        return row;
    }

    public bool Equals(StateRow? other)
    {
        if (other is null || other.FieldCount != FieldCount)
        {
            return false;
        }

        for (int i = 0; i < FieldCount; i++)
        {
            if (_nulls[i] != other._nulls[i] || _slots[i] != other._slots[i] || !string.Equals(_strings[i], other._strings[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as StateRow);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        for (int i = 0; i < FieldCount; i++)
        {
            hash.Add(_nulls[i]);
            hash.Add(_slots[i]);
            hash.Add(_strings[i], StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "(" + string.Join(", ", ToScalarValues().Select(v => v.ToString())) + ")";

    internal void SetRaw(int field, Int128 value) => Set(field, value);

    internal Int128 Raw(int field) => _slots[field];

    private void Set(int field, Int128 value)
    {
        _slots[field] = value;
        _nulls[field] = false;
    }

    private Int128 Present(int field) => _nulls[field]
        ? throw new InvalidOperationException($"Field {field} ({Types[field]}) of the state row is NULL.")
        : _slots[field];
}
