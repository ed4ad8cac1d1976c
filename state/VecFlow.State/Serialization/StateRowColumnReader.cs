using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.State.Serialization;

/// <summary>
/// Decodes serialized <see cref="StateRow"/>s (the <see cref="StateRowSerializer"/> format) straight into columns, with no
/// object per row: for an operator that reads back many stored rows at once (a window join's window).
/// </summary>
/// <remarks>
/// Values gather in one growing array per field (integers as long, FLOAT / DOUBLE as double, DECIMAL as Int128, VARCHAR as
/// UTF-8 bytes with end offsets); <see cref="Build"/> turns each into a column of the field's type.
/// </remarks>
public sealed class StateRowColumnReader
{
    private readonly SqlType[] _types;
    private readonly bool[][] _valid;
    private readonly long[]?[] _integers;
    private readonly double[]?[] _reals;
    private readonly Int128[]?[] _decimals;
    private readonly int[]?[] _textEnds;
    private readonly byte[]?[] _text;
    private readonly int[] _textBytes;
    private int _capacity;

    public StateRowColumnReader(IReadOnlyList<SqlType> types, int capacity = 256)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = [.. types];
        int n = _types.Length;
        _capacity = Math.Max(1, capacity);
        _valid = new bool[n][];
        _integers = new long[]?[n];
        _reals = new double[]?[n];
        _decimals = new Int128[]?[n];
        _textEnds = new int[]?[n];
        _text = new byte[]?[n];
        _textBytes = new int[n];
        for (int i = 0; i < n; i++)
        {
            _valid[i] = new bool[_capacity];
            switch (_types[i].Kind)
            {
                case SqlTypeKind.Varchar:
                    _textEnds[i] = new int[_capacity];
                    _text[i] = new byte[_capacity * 8];
                    break;
                case SqlTypeKind.Float or SqlTypeKind.Double:
                    _reals[i] = new double[_capacity];
                    break;
                case SqlTypeKind.Decimal:
                    _decimals[i] = new Int128[_capacity];
                    break;
                default:
                    _integers[i] = new long[_capacity];
                    break;
            }
        }
    }

    /// <summary>Rows decoded so far.</summary>
    public int Count { get; private set; }

    /// <summary>Decodes one serialized row as the next row of the columns.</summary>
    public void Append(ReadOnlySpan<byte> row)
    {
        if (Count == _capacity)
        {
            Grow();
        }

        int r = Count;
        var reader = new StateReader(row);
        ReadOnlySpan<byte> nulls = reader.ReadRaw((_types.Length + 7) / 8);
        for (int i = 0; i < _types.Length; i++)
        {
            bool present = (nulls[i >> 3] & (1 << (i & 7))) == 0;
            _valid[i][r] = present;
            SqlType type = _types[i];
            if (type.Kind == SqlTypeKind.Varchar)
            {
                if (present)
                {
                    AppendText(i, reader.ReadBytes());
                }

                _textEnds[i]![r] = _textBytes[i];
                continue;
            }

            if (!present)
            {
                continue;
            }

            switch (type.Kind)
            {
                case SqlTypeKind.Boolean: _integers[i]![r] = reader.ReadByte(); break;
                case SqlTypeKind.Float: _reals[i]![r] = BitConverter.Int32BitsToSingle(reader.ReadInt32()); break;
                case SqlTypeKind.Double: _reals[i]![r] = reader.ReadDouble(); break;
                case SqlTypeKind.Decimal: _decimals[i]![r] = reader.ReadInt128(); break;
                default:
                    _integers[i]![r] = type.FixedWidth switch
                    {
                        1 => (sbyte)reader.ReadByte(),
                        2 => reader.ReadInt16(),
                        4 => reader.ReadInt32(),
                        _ => reader.ReadInt64(),
                    };
                    break;
            }
        }

        Count++;
    }

    /// <summary>One column per field, typed <paramref name="types"/> (the fields' types, nullability as the caller's schema says).</summary>
    public List<ColumnVector> Build(IReadOnlyList<SqlType> types, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(pool);
        if (types.Count != _types.Length)
        {
            throw new ArgumentException($"The rows have {_types.Length} fields; {types.Count} column types were given.", nameof(types));
        }

        var columns = new List<ColumnVector>(_types.Length);
        try
        {
            for (int i = 0; i < _types.Length; i++)
            {
                columns.Add(Column(i, types[i], pool));
            }

            return columns;
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    private ColumnVector Column(int field, SqlType type, BufferPool pool)
    {
        int n = Count;
        ReadOnlySpan<bool> valid = _valid[field].AsSpan(0, n);
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                {
                    using var builder = new StringColumnBuilder(n, pool, _textBytes[field]);
                    ReadOnlySpan<int> ends = _textEnds[field].AsSpan(0, n);
                    ReadOnlySpan<byte> text = _text[field];
                    int start = 0;
                    for (int r = 0; r < n; r++)
                    {
                        if (valid[r])
                        {
                            builder.Append(text[start..ends[r]]);
                        }
                        else
                        {
                            builder.AppendNull();
                        }

                        start = ends[r];
                    }

                    return builder.Build();
                }

            case SqlTypeKind.Boolean:
                {
                    long[] integers = _integers[field]!;
                    var values = new bool?[n];
                    for (int r = 0; r < n; r++)
                    {
                        values[r] = valid[r] ? integers[r] != 0 : null;
                    }

                    return ColumnFactory.FromBooleans(values, pool);
                }

            case SqlTypeKind.Float:
                return ColumnFactory.FromValues<float>(type, Narrow<double, float>(_reals[field].AsSpan(0, n), static v => (float)v), valid, pool);
            case SqlTypeKind.Double:
                return ColumnFactory.FromValues<double>(type, _reals[field].AsSpan(0, n), valid, pool);
            case SqlTypeKind.Decimal:
                return ColumnFactory.FromValues<Int128>(type, _decimals[field].AsSpan(0, n), valid, pool);
            default:
                ReadOnlySpan<long> longs = _integers[field].AsSpan(0, n);
                return type.FixedWidth switch
                {
                    1 => ColumnFactory.FromValues<sbyte>(type, Narrow<long, sbyte>(longs, static v => (sbyte)v), valid, pool),
                    2 => ColumnFactory.FromValues<short>(type, Narrow<long, short>(longs, static v => (short)v), valid, pool),
                    4 => ColumnFactory.FromValues<int>(type, Narrow<long, int>(longs, static v => (int)v), valid, pool),
                    8 => ColumnFactory.FromValues<long>(type, longs, valid, pool),
                    _ => throw new NotSupportedException($"A state row cannot hold {type}."),
                };
        }
    }

    private static TTo[] Narrow<TFrom, TTo>(ReadOnlySpan<TFrom> values, Func<TFrom, TTo> narrow)
    {
        var narrowed = new TTo[values.Length];
        for (int r = 0; r < values.Length; r++)
        {
            narrowed[r] = narrow(values[r]);
        }

        return narrowed;
    }

    private void AppendText(int field, ReadOnlySpan<byte> utf8)
    {
        byte[] text = _text[field]!;
        int used = _textBytes[field];
        if (used + utf8.Length > text.Length)
        {
            Array.Resize(ref text, Math.Max(text.Length * 2, used + utf8.Length));
            _text[field] = text;
        }

        utf8.CopyTo(text.AsSpan(used));
        _textBytes[field] = used + utf8.Length;
    }

    private void Grow()
    {
        _capacity *= 2;
        for (int i = 0; i < _types.Length; i++)
        {
            Array.Resize(ref _valid[i], _capacity);
            if (_integers[i] is not null)
            {
                Array.Resize(ref _integers[i], _capacity);
            }

            if (_reals[i] is not null)
            {
                Array.Resize(ref _reals[i], _capacity);
            }

            if (_decimals[i] is not null)
            {
                Array.Resize(ref _decimals[i], _capacity);
            }

            if (_textEnds[i] is not null)
            {
                Array.Resize(ref _textEnds[i], _capacity);
            }
        }
    }
}
