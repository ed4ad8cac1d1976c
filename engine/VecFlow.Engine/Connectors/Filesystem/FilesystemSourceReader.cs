using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Reads one file: the requested data columns from the format, partition columns from the file's directories.</summary>
internal sealed class FilesystemSourceReader : ISourceReader
{
    private readonly IFormatReader _format;
    private readonly BufferPool _pool;
    private readonly IReadOnlyList<string> _names;

    // For each requested column: >= 0 the position among the format reader's columns, < 0 the partition constant ~i.
    private readonly int[] _sources;
    private readonly ColumnVector?[] _partitionValues;
    private int[] _zeros = [];

    public FilesystemSourceReader(FilesystemTable table, FileSplit split, IReadOnlyList<int> columns, OperatorContext context, IReadOnlyList<ScanPredicate> predicates)
    {
        RowSchema physical = table.Table.PhysicalSchema;
        Schema = physical.Select(columns);
        _names = Schema.Names;
        _pool = context.Pool;
        _sources = new int[columns.Count];
        _partitionValues = new ColumnVector?[table.PartitionColumns.Count];
        var dataColumns = new List<int>();
        try
        {
            for (int j = 0; j < columns.Count; j++)
            {
                int partition = IndexOf(table.PartitionColumns, columns[j]);
                if (partition >= 0)
                {
                    _partitionValues[partition] ??= PartitionValue(table, split, partition, context.Pool);
                    _sources[j] = ~partition;
                    continue;
                }

                int data = IndexOf(table.DataColumns, columns[j]);
                int position = dataColumns.IndexOf(data);
                if (position < 0)
                {
                    position = dataColumns.Count;
                    dataColumns.Add(data);
                }

                _sources[j] = position;
            }

            // Predicates on partition columns are not used to skip files; the filter above the scan applies them.
            ScanPredicate[] dataPredicates =
            [
                .. predicates
                    .Where(p => IndexOf(table.DataColumns, p.Column) >= 0)
                    .Select(p => p with { Column = IndexOf(table.DataColumns, p.Column) }),
            ];
            _format = table.Format.OpenReader(split.Path, table.DataSchema, dataColumns, context, split.Range, dataPredicates);
        }
        catch
        {
            DisposePartitionValues();
            throw;
        }
    }

    public RowSchema Schema { get; }

    public ColumnBatch? Read(int maxRows)
    {
        ColumnBatch? data = _format.Read(maxRows);
        if (data is null)
        {
            return null;
        }

        using (data)
        {
            var columns = new List<ColumnVector>(_sources.Length);
            foreach (int source in _sources)
            {
                columns.Add(source >= 0 ? data.Column(source).Share() : Repeat(_partitionValues[~source]!, data.Length));
            }

            return new ColumnBatch(_names, columns, data.Length);
        }
    }

    public long? Position => _format.Position;

    public void Seek(long position) => _format.Seek(position);

    public void Dispose()
    {
        _format.Dispose();
        DisposePartitionValues();
    }

    private ColumnVector Repeat(ColumnVector single, int length)
    {
        if (_zeros.Length < length)
        {
            _zeros = new int[length];
        }

        return GatherKernels.Gather(single, _zeros.AsSpan(0, length), _pool);
    }

    private static ColumnVector PartitionValue(FilesystemTable table, FileSplit split, int partition, BufferPool pool)
    {
        Field field = table.Table.PhysicalSchema[table.PartitionColumns[partition]];
        using ColumnAppender appender = ColumnAppender.Require(field.Type, field.Name, "filesystem partition", pool);
        appender.Begin(1);
        string? text = split.PartitionValues[partition];
        if (text is null)
        {
            appender.AppendNull();
        }
        else if (!appender.TryAppend(System.Text.Encoding.UTF8.GetBytes(text)))
        {
            throw new ConnectorException(
                $"The partition directory '{field.Name}={text}' of file '{split.Path}' does not hold a valid {field.Type}: expected {appender.Expected}.");
        }

        return appender.Build();
    }

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

    private void DisposePartitionValues()
    {
        foreach (ColumnVector? value in _partitionValues)
        {
            value?.Dispose();
        }
    }
}
