using System.Globalization;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>Generates the rows of one datagen split, column by column straight into pooled buffers.</summary>
internal sealed class DatagenReader : ISourceReader
{
    private const int NullStream = 1;
    private const int ValueStream = 2;

    private readonly DatagenSource _source;
    private readonly DatagenSplit _split;
    private readonly IReadOnlyList<int> _columns;
    private readonly OperatorContext _context;
    private readonly BufferPool _pool;
    private readonly CounterRandom _random;
    private readonly RowPacer? _pacer;
    private long[] _rows = [];
    private long _next;

    public DatagenReader(DatagenSource source, DatagenSplit split, IReadOnlyList<int> columns, OperatorContext context)
    {
        _source = source;
        _split = split;
        _columns = columns;
        _context = context;
        _pool = context.Pool;
        _random = new CounterRandom(source.Seed);
        Schema = source.SchemaOf(columns);
        if (source.RowsPerSecond is double rate)
        {
            _pacer = new RowPacer(rate / split.Count, source.Clock);
        }
    }

    public RowSchema Schema { get; }

    public ColumnBatch? Read(int maxRows) => TryRead(maxRows, Timeout.InfiniteTimeSpan, out ColumnBatch? batch) ? batch : null;

    /// <summary>Like <see cref="Read"/>; a paced reader returns no batch when no row may go within <paramref name="maxWait"/>.</summary>
    public bool TryRead(int maxRows, TimeSpan maxWait, out ColumnBatch? batch)
    {
        batch = null;
        long remaining = _split.Strided ? long.MaxValue : _split.End - _split.Start - _next;
        if (remaining <= 0)
        {
            return false;
        }

        int n = (int)Math.Min(maxRows, remaining);
        if (_pacer is not null)
        {
            n = _pacer.Acquire(n, maxWait, _context.Cancellation);
            if (n == 0)
            {
                return true;
            }
        }

        if (_rows.Length < n)
        {
            _rows = new long[n];
        }

        Span<long> rows = _rows.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            long k = _next + i;
            rows[i] = _split.Strided ? _split.Index + (k * _split.Count) : _split.Start + k;
        }

        _next += n;
        var columns = new List<ColumnVector>(_columns.Count);
        try
        {
            foreach (int c in _columns)
            {
                columns.Add(Generate(_source.Fields[c], c, rows));
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }

        batch = new ColumnBatch(Schema.Names, columns, n);
        return true;
    }

    public void Dispose()
    {
    }

    private ColumnVector Generate(DatagenField field, int column, ReadOnlySpan<long> rows)
    {
        int n = rows.Length;
        SqlType type = field.Type;
        if (type.Kind == SqlTypeKind.Varchar)
        {
            return Strings(field, column, rows);
        }

        NativeBuffer? validity = Nulls(field, column, rows);
        NativeBuffer values = _pool.Rent(type.Kind == SqlTypeKind.Boolean ? Bits.ByteCount(n) : n * type.FixedWidth, zeroed: type.Kind == SqlTypeKind.Boolean);
        try
        {
            switch (type.Kind)
            {
                case SqlTypeKind.Boolean:
                    for (int i = 0; i < n; i++)
                    {
                        Bits.Set(values.Words, i, (_random.Next(rows[i], column, ValueStream) & 1) != 0);
                    }

                    break;
                case SqlTypeKind.TinyInt:
                    FillIntegers(field, column, rows, values.As<sbyte>());
                    break;
                case SqlTypeKind.SmallInt:
                    FillIntegers(field, column, rows, values.As<short>());
                    break;
                case SqlTypeKind.Int:
                    FillIntegers(field, column, rows, values.As<int>());
                    break;
                case SqlTypeKind.BigInt:
                    FillIntegers(field, column, rows, values.As<long>());
                    break;
                case SqlTypeKind.Float:
                    {
                        Span<float> target = values.As<float>();
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = (float)Floating(field, column, rows[i]);
                        }

                        break;
                    }

                case SqlTypeKind.Double:
                    {
                        Span<double> target = values.As<double>();
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = Floating(field, column, rows[i]);
                        }

                        break;
                    }

                case SqlTypeKind.Decimal:
                    {
                        Span<Int128> target = values.As<Int128>();
                        Int128 unit = DecimalMath.Pow10(type.Scale);
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = field.IsSequence ? (field.Start + rows[i]) * unit : Uniform(field, column, rows[i]);
                        }

                        break;
                    }

                case SqlTypeKind.Date:
                    {
                        Span<int> target = values.As<int>();
                        long today = CivilCalendar.FloorDivide(_source.BaseMillis, CivilCalendar.MillisPerDay);
                        ulong span = (ulong)(field.MaxPastMillis / CivilCalendar.MillisPerDay) + 1;
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = (int)(today - (long)(_random.Next(rows[i], column, ValueStream) % span));
                        }

                        break;
                    }

                case SqlTypeKind.Time:
                    {
                        Span<int> target = values.As<int>();
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = (int)(_random.Next(rows[i], column, ValueStream) % CivilCalendar.MillisPerDay);
                        }

                        break;
                    }

                default:
                    {
                        Span<long> target = values.As<long>();
                        ulong span = (ulong)field.MaxPastMillis + 1;
                        for (int i = 0; i < n; i++)
                        {
                            target[i] = _source.BaseMillis - (long)(_random.Next(rows[i], column, ValueStream) % span);
                        }

                        break;
                    }
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    private void FillIntegers<T>(DatagenField field, int column, ReadOnlySpan<long> rows, Span<T> target)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < rows.Length; i++)
        {
            Int128 value = field.IsSequence ? field.Start + rows[i] : Uniform(field, column, rows[i]);
            target[i] = T.CreateTruncating(value);
        }
    }

    /// <summary>An integer (or unscaled decimal) uniform in [min, max].</summary>
    private Int128 Uniform(DatagenField field, int column, long row)
    {
        UInt128 span = (UInt128)(field.MaxInteger - field.MinInteger) + 1;
        UInt128 bits = ((UInt128)_random.Next(row, column, ValueStream) << 64) | _random.Next(row, column, ValueStream + 1);
        return field.MinInteger + (Int128)(span == 0 ? bits : bits % span);
    }

    private double Floating(DatagenField field, int column, long row)
    {
        if (field.IsSequence)
        {
            return field.Start + row;
        }

        double u = _random.NextDouble(row, column, ValueStream);
        return field.MinFloating + (u * field.MaxFloating) - (u * field.MinFloating);
    }

    private ColumnVector Strings(DatagenField field, int column, ReadOnlySpan<long> rows)
    {
        using var builder = new StringColumnBuilder(rows.Length, _pool, rows.Length * (field.IsSequence ? 8 : field.Length));
        Span<byte> number = stackalloc byte[24];
        for (int i = 0; i < rows.Length; i++)
        {
            long row = rows[i];
            if (IsNull(field, column, row))
            {
                builder.AppendNull();
                continue;
            }

            if (field.IsSequence)
            {
                (field.Start + row).TryFormat(number, out int written, default, CultureInfo.InvariantCulture);
                builder.Append(number[..written]);
                continue;
            }

            Span<byte> target = builder.Reserve(field.Length);
            ulong bits = 0;
            for (int k = 0; k < field.Length; k++)
            {
                if ((k & 15) == 0)
                {
                    bits = _random.Next(row, column, ValueStream + (k >> 4));
                }

                target[k] = (byte)"0123456789abcdef"[(int)(bits & 15)];
                bits >>= 4;
            }

            builder.Commit(field.Length);
        }

        return builder.Build();
    }

    private NativeBuffer? Nulls(DatagenField field, int column, ReadOnlySpan<long> rows)
    {
        if (field.NullRate <= 0)
        {
            return null;
        }

        NativeBuffer validity = _pool.Rent(Bits.ByteCount(rows.Length), zeroed: true);
        for (int i = 0; i < rows.Length; i++)
        {
            if (!IsNull(field, column, rows[i]))
            {
                Bits.Set(validity.Words, i);
            }
        }

        return validity;
    }

    private bool IsNull(DatagenField field, int column, long row) =>
        field.NullRate > 0 && _random.NextDouble(row, column, NullStream) < field.NullRate;
}
