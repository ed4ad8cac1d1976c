using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Builds one column of a batch being read, value by value, into pooled buffers; parses text in place.</summary>
/// <remarks>
/// Unlike <see cref="StringColumnBuilder"/>, the row count need not be known up front (a file reader learns it at the
/// end of the file), and <see cref="Truncate"/> takes back a partly appended row when a later field of it is malformed.
/// Text parsing goes through the same parsers as CAST(... AS type), so a file and a CAST agree on every text form.
/// </remarks>
internal abstract class ColumnAppender : IDisposable
{
    private NativeBuffer? _validity;

    protected ColumnAppender(SqlType type, BufferPool pool)
    {
        Type = type;
        Pool = pool;
    }

    public SqlType Type { get; }

    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Count { get; protected set; }

    /// <summary>Rows the current buffers hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>What valid text looks like, for error messages.</summary>
    public abstract string Expected { get; }

    protected BufferPool Pool { get; }

    /// <summary>Starts a new column of at most <paramref name="capacity"/> rows.</summary>
    public void Begin(int capacity)
    {
        ReleaseBuffers();
        Capacity = Math.Max(capacity, 1);
        Count = 0;
        RentBuffers(Capacity);
    }

    /// <summary>Parses <paramref name="utf8"/> and appends it; false (nothing appended) when it is not valid text for the type.</summary>
    public abstract bool TryAppend(ReadOnlySpan<byte> utf8);

    public void AppendNull()
    {
        if (_validity is null)
        {
            _validity = Pool.Rent(Bits.ByteCount(Capacity));
            Bits.SetAll(_validity.Words, Capacity);
        }

        Bits.Clear(_validity.Words, Count);
        AppendEmpty();
    }

    /// <summary>Drops the rows from <paramref name="count"/> on (a malformed row's fields appended before the bad one).</summary>
    public void Truncate(int count)
    {
        if (_validity is not null)
        {
            for (int i = count; i < Count; i++)
            {
                Bits.Set(_validity.Words, i);
            }
        }

        TruncateValues(count);
        Count = count;
    }

    /// <summary>The column of the rows appended; call <see cref="Begin"/> before appending again.</summary>
    public ColumnVector Build()
    {
        NativeBuffer? validity = _validity;
        _validity = null;
        ColumnVector column = BuildValues(validity);
        Capacity = 0;
        return column;
    }

    public void Dispose()
    {
        ReleaseBuffers();
        GC.SuppressFinalize(this);
    }

    /// <summary>An appender for <paramref name="type"/>, or null when the type has no text form a file can hold.</summary>
    public static ColumnAppender? For(SqlType type, BufferPool pool) => type.Kind switch
    {
        SqlTypeKind.Boolean => new BooleanAppender(type, pool),
        SqlTypeKind.TinyInt => new FixedAppender<sbyte, Vector.Kernels.IntegerText<sbyte>>(type, new(type), pool),
        SqlTypeKind.SmallInt => new FixedAppender<short, Vector.Kernels.IntegerText<short>>(type, new(type), pool),
        SqlTypeKind.Int => new FixedAppender<int, Vector.Kernels.IntegerText<int>>(type, new(type), pool),
        SqlTypeKind.BigInt => new FixedAppender<long, Vector.Kernels.IntegerText<long>>(type, new(type), pool),
        SqlTypeKind.Float => new FixedAppender<float, Vector.Kernels.FloatText>(type, default, pool),
        SqlTypeKind.Double => new FixedAppender<double, Vector.Kernels.DoubleText>(type, default, pool),
        SqlTypeKind.Decimal => new FixedAppender<Int128, Vector.Kernels.DecimalText>(type, new(type), pool),
        SqlTypeKind.Date => new FixedAppender<int, Vector.Kernels.DateText>(type, default, pool),
        SqlTypeKind.Time => new FixedAppender<int, Vector.Kernels.TimeText>(type, default, pool),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => new FixedAppender<long, Vector.Kernels.TimestampText>(type, default, pool),
        SqlTypeKind.Varchar => new Utf8Appender(type, pool),
        _ => null,
    };

    /// <summary>Like <see cref="For"/>, but a type without a text form is a <see cref="ConnectorException"/>.</summary>
    public static ColumnAppender Require(SqlType type, string column, string format, BufferPool pool) =>
        For(type, pool) ?? throw new ConnectorException(
            $"The {format} format cannot hold column '{column}' of type {type}; supported are BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE, DECIMAL, STRING/VARCHAR, DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.");

    protected abstract void RentBuffers(int capacity);

    protected abstract void AppendEmpty();

    protected abstract void TruncateValues(int count);

    protected abstract ColumnVector BuildValues(NativeBuffer? validity);

    protected abstract void ReleaseValueBuffers();

    private void ReleaseBuffers()
    {
        _validity?.Release();
        _validity = null;
        ReleaseValueBuffers();
    }
}
