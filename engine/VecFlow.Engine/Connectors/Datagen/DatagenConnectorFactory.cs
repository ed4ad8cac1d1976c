namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>The 'datagen' connector (Flink's options plus 'seed' for reproducible output).</summary>
public sealed class DatagenConnectorFactory(TimeProvider? clock = null) : IConnectorFactory
{
    public const string NumberOfRowsKey = "number-of-rows";
    public const string RowsPerSecondKey = "rows-per-second";
    public const string SeedKey = "seed";
    public const double DefaultRowsPerSecond = 10_000;

    public string Identifier => "datagen";

    public ITableSource CreateSource(TableContext table)
    {
        ConnectorOptions options = table.Options;
        options.Validate(Identifier, ["connector", NumberOfRowsKey, RowsPerSecondKey, SeedKey, "fields."]);
        var properties = table.PhysicalSchema.Fields.Select(_ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)).ToArray();
        foreach ((string key, string value) in options.Values)
        {
            if (!key.StartsWith("fields.", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int dot = key.LastIndexOf('.');
            string property = key[(dot + 1)..].ToLowerInvariant();
            string column = dot > 7 ? key[7..dot] : string.Empty;
            if (!DatagenField.Properties.Contains(property))
            {
                throw new ConnectorException(
                    $"Unknown option '{key}' for connector 'datagen' on table '{table.Name}'; per-field options are fields.<column>.{{{string.Join(", ", DatagenField.Properties)}}}.");
            }

            int index = table.PhysicalSchema.IndexOf(column);
            if (index < 0)
            {
                throw new ConnectorException(
                    $"Option '{key}' of table '{table.Name}' names no column '{column}'; the columns are {string.Join(", ", table.PhysicalSchema.Names)}.");
            }

            properties[index][property] = value;
        }

        DatagenField[] fields = [.. table.PhysicalSchema.Fields.Select((f, i) => DatagenField.From(f, properties[i], table.Name))];
        long? rows = options.Contains(NumberOfRowsKey) ? options.GetLong(NumberOfRowsKey, 0) : null;
        if (rows < 0)
        {
            throw new ConnectorException($"Option '{NumberOfRowsKey}' of table '{table.Name}' must not be negative, not {rows}.");
        }

        foreach (DatagenField field in fields)
        {
            if (field.SequenceRows is long sequence)
            {
                rows = rows is long r ? Math.Min(r, sequence) : sequence;
            }
        }

        double rate = options.GetDouble(RowsPerSecondKey, DefaultRowsPerSecond);
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ConnectorException($"Option '{RowsPerSecondKey}' of table '{table.Name}' must be a positive number, not '{options.Get(RowsPerSecondKey)}'.");
        }

        bool paced = rows is null || options.Contains(RowsPerSecondKey);
        ulong seed = options.Contains(SeedKey) ? unchecked((ulong)options.GetLong(SeedKey, 0)) : unchecked((ulong)Random.Shared.NextInt64());
        return new DatagenSource(table, fields, rows, paced ? rate : null, seed, clock ?? TimeProvider.System);
    }

    public ITableSink CreateSink(TableContext table) =>
        throw new ConnectorException($"The datagen connector of table '{table.Name}' can only be read, not written to.");
}
