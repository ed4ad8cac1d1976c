using System.Numerics;
using global::Parquet;
using global::Parquet.Data;
using global::Parquet.Schema;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Writes each batch as one parquet row group (see <see cref="ParquetFormat"/> for the type mapping).</summary>
/// <remarks>Parquet.Net's API is asynchronous; sink writers are synchronous, so calls are awaited in place.</remarks>
internal sealed class ParquetFileWriter : IFormatWriter
{
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;
    private bool _finished;

    public ParquetFileWriter(Stream output, RowSchema schema)
    {
        ParquetSchema parquetSchema = ParquetFormat.SchemaOf(schema);
        _fields = parquetSchema.GetDataFields();
        var options = new ParquetOptions { UseBigDecimal = true, UseDateOnlyTypeForDates = true };
        _writer = ParquetWriter.CreateAsync(parquetSchema, output, options, append: false).GetAwaiter().GetResult();
    }

    public void Write(ColumnBatch batch)
    {
        if (batch.Length == 0)
        {
            return;
        }

        using ParquetRowGroupWriter group = _writer.CreateRowGroup();
        for (int c = 0; c < _fields.Length; c++)
        {
            WriteColumn(group, _fields[c], batch.Column(c)).GetAwaiter().GetResult();
        }

        group.CompleteValidate();
    }

    public void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            try
            {
                _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (IOException)
            {
                // The part file is being abandoned; its temporary file is deleted by the sink.
            }
        }
    }

    private static Task WriteColumn(ParquetRowGroupWriter group, DataField field, ColumnVector column)
    {
        int n = column.Length;
        switch (column.Type.Kind)
        {
            case SqlTypeKind.Boolean:
                {
                    var values = new bool?[n];
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = column.IsNull(i) ? null : Bits.Get(column.BooleanWords, i);
                    }

                    return group.WriteAsync<bool>(field, values);
                }

            case SqlTypeKind.TinyInt:
                return group.WriteAsync<sbyte>(field, Nullable<sbyte>(column));
            case SqlTypeKind.SmallInt:
                return group.WriteAsync<short>(field, Nullable<short>(column));
            case SqlTypeKind.Int:
                return group.WriteAsync<int>(field, Nullable<int>(column));
            case SqlTypeKind.BigInt:
                return group.WriteAsync<long>(field, Nullable<long>(column));
            case SqlTypeKind.Float:
                return group.WriteAsync<float>(field, Nullable<float>(column));
            case SqlTypeKind.Double:
                return group.WriteAsync<double>(field, Nullable<double>(column));
            case SqlTypeKind.Decimal:
                {
                    var values = new BigDecimal?[n];
                    ReadOnlySpan<Int128> unscaled = column.Values<Int128>();
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = column.IsNull(i) ? null : new BigDecimal((BigInteger)unscaled[i], column.Type.Precision, column.Type.Scale);
                    }

                    return group.WriteAsync<BigDecimal>(field, values);
                }

            case SqlTypeKind.Varchar:
                {
                    var values = new string?[n];
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = column.IsNull(i) ? null : System.Text.Encoding.UTF8.GetString(column.StringAt(i));
                    }

                    return group.WriteAsync(field, values!);
                }

            case SqlTypeKind.Date:
                {
                    var values = new DateOnly?[n];
                    ReadOnlySpan<int> days = column.Values<int>();
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = column.IsNull(i) ? null : DateOnly.FromDayNumber(days[i] + ParquetTime.EpochDayNumber);
                    }

                    return group.WriteAsync<DateOnly>(field, values);
                }

            case SqlTypeKind.Time:
                // TIME(MILLIS) is an int32 of milliseconds in parquet, exactly VecFlow's layout.
                return group.WriteAsync<int>(field, Nullable<int>(column));

            default:
                {
                    var values = new DateTime?[n];
                    ReadOnlySpan<long> millis = column.Values<long>();
                    DateTimeKind kind = column.Type.Kind == SqlTypeKind.TimestampLtz ? DateTimeKind.Utc : DateTimeKind.Unspecified;
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = column.IsNull(i) ? null : ParquetTime.ToDateTime(millis[i], kind);
                    }

                    return group.WriteAsync<DateTime>(field, values);
                }
        }
    }

    private static T?[] Nullable<T>(ColumnVector column)
        where T : unmanaged
    {
        ReadOnlySpan<T> values = column.Values<T>();
        var result = new T?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = column.IsNull(i) ? null : values[i];
        }

        return result;
    }
}

/// <summary>Conversions between VecFlow's temporal layouts and the .NET types Parquet.Net reads and writes.</summary>
internal static class ParquetTime
{
    public static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static DateTime ToDateTime(long millis, DateTimeKind kind)
    {
        long ticks = DateTime.UnixEpoch.Ticks + (millis * TimeSpan.TicksPerMillisecond);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new ConnectorException($"The timestamp {millis} ms since 1970 is outside the years 1..9999 that parquet files written by VecFlow can hold.");
        }

        return new DateTime(ticks, kind);
    }

    public static long ToMillis(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}
