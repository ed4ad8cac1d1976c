using global::Parquet;
using global::Parquet.Data;
using global::Parquet.Schema;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Reads the requested columns of a parquet file, row group by row group, matching columns by name.</summary>
internal sealed class ParquetFileReader : IFormatReader
{
    private readonly string _path;
    private readonly RowSchema _fileSchema;
    private readonly IReadOnlyList<int> _columns;
    private readonly BufferPool _pool;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private int _nextGroup;
    private ColumnBatch? _group;
    private int _groupOffset;

    public ParquetFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context)
    {
        _path = path;
        _fileSchema = fileSchema;
        _columns = columns;
        _pool = context.Pool;
        var options = new ParquetOptions { UseBigDecimal = true, UseDateOnlyTypeForDates = true };
        try
        {
            _reader = ParquetReader.CreateAsync(FileStreams.OpenRead(path), options, leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new ConnectorException($"The file '{path}' is not a readable parquet file: {e.Message}", e);
        }

        DataField[] available = _reader.Schema.GetDataFields();
        _fields = new DataField[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            string name = fileSchema[columns[j]].Name;
            _fields[j] = Array.Find(available, f => f.Name == name)
                ?? throw new ConnectorException(
                    $"The parquet file '{path}' has no column '{name}'; its columns are {string.Join(", ", available.Select(f => f.Name))}.");
        }
    }

    public ColumnBatch? Read(int maxRows)
    {
        while (_group is null || _groupOffset >= _group.Length)
        {
            _group?.Dispose();
            _group = null;
            if (_nextGroup >= _reader.RowGroupCount)
            {
                return null;
            }

            _group = ReadGroup(_nextGroup++);
            _groupOffset = 0;
        }

        if (_groupOffset == 0 && _group.Length <= maxRows)
        {
            ColumnBatch whole = _group;
            _group = null;
            return whole;
        }

        int n = Math.Min(maxRows, _group.Length - _groupOffset);
        int[] rows = [.. Enumerable.Range(_groupOffset, n)];
        _groupOffset += n;
        var columns = new List<ColumnVector>(_group.Columns.Count);
        foreach (ColumnVector column in _group.Columns)
        {
            columns.Add(GatherKernels.Gather(column, rows, _pool));
        }

        return new ColumnBatch(_group.Names, columns, n);
    }

    public void Dispose()
    {
        _group?.Dispose();
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private ColumnBatch ReadGroup(int index)
    {
        using ParquetRowGroupReader group = _reader.OpenRowGroupReader(index);
        int n = checked((int)group.RowCount);
        var columns = new List<ColumnVector>(_columns.Count);
        try
        {
            for (int j = 0; j < _columns.Count; j++)
            {
                Schema.Field field = _fileSchema[_columns[j]];
                try
                {
                    columns.Add(ReadColumn(group, _fields[j], field.Type, n).GetAwaiter().GetResult());
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or NotSupportedException)
                {
                    throw new ConnectorException(
                        $"Column '{field.Name}' of the parquet file '{_path}' is stored as {_fields[j].ClrType.Name}, which does not read as the table's {field.Type}: {e.Message}", e);
                }
            }

            return new ColumnBatch([.. _columns.Select(c => _fileSchema[c].Name)], columns, n);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    private async Task<ColumnVector> ReadColumn(ParquetRowGroupReader group, DataField field, SqlType type, int n)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                {
                    var values = new bool?[n];
                    await group.ReadAsync<bool>(field, values);
                    return ColumnFactory.FromBooleans(values, _pool);
                }

            case SqlTypeKind.TinyInt:
                return await ReadFixed<sbyte>(group, field, type, n);
            case SqlTypeKind.SmallInt:
                return await ReadFixed<short>(group, field, type, n);
            case SqlTypeKind.Int:
                return await ReadFixed<int>(group, field, type, n);
            case SqlTypeKind.BigInt:
                return await ReadFixed<long>(group, field, type, n);
            case SqlTypeKind.Float:
                return await ReadFixed<float>(group, field, type, n);
            case SqlTypeKind.Double:
                return await ReadFixed<double>(group, field, type, n);
            case SqlTypeKind.Decimal:
                {
                    var values = new BigDecimal?[n];
                    await group.ReadAsync<BigDecimal>(field, values);
                    var unscaled = new Int128?[n];
                    for (int i = 0; i < n; i++)
                    {
                        if (values[i] is BigDecimal d)
                        {
                            Int128 raw = (Int128)d.UnscaledValue;
                            unscaled[i] = DecimalMath.TryRescale(raw, d.Scale, type.Precision, type.Scale, out Int128 r)
                                ? r
                                : throw new ConnectorException($"The value {d} in column '{field.Name}' of the parquet file '{_path}' does not fit {type}.");
                        }
                    }

                    return ColumnFactory.FromNullable(type, unscaled, _pool);
                }

            case SqlTypeKind.Varchar:
                {
                    var values = new string[n];
                    await group.ReadAsync(field, values);
                    return ColumnFactory.FromStrings(values, _pool);
                }

            case SqlTypeKind.Date:
                {
                    var values = new DateOnly?[n];
                    await group.ReadAsync<DateOnly>(field, values);
                    return ColumnFactory.FromNullable(type, [.. values.Select(v => v is DateOnly d ? d.DayNumber - ParquetTime.EpochDayNumber : (int?)null)], _pool);
                }

            case SqlTypeKind.Time:
                return await ReadFixed<int>(group, field, type, n);

            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                {
                    var values = new DateTime?[n];
                    await group.ReadAsync<DateTime>(field, values);
                    return ColumnFactory.FromNullable(type, [.. values.Select(v => v is DateTime t ? ParquetTime.ToMillis(t) : (long?)null)], _pool);
                }

            default:
                throw new ConnectorException($"The parquet format cannot read column '{field.Name}' as {type}.");
        }
    }

    private async Task<ColumnVector> ReadFixed<T>(ParquetRowGroupReader group, DataField field, SqlType type, int n)
        where T : unmanaged
    {
        var values = new T?[n];
        await group.ReadAsync<T>(field, values);
        return ColumnFactory.FromNullable(type, values, _pool);
    }
}
