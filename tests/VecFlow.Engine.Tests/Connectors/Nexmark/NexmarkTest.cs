using System.Globalization;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Nexmark;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Tests.Connectors.Nexmark;

/// <summary>Helpers for nexmark tests: tables over the full or a partial schema, and reading every split back as rows.</summary>
public abstract class NexmarkTest : EngineTest
{
    /// <summary>2026-01-01 00:00:00 UTC, the base time of a seeded table without 'base-time'.</summary>
    protected static readonly long SeededBaseTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Leaks still fail the test; only the stack trace per rent is skipped, as these tests rent thousands of buffers.</summary>
    protected NexmarkTest() => Pool.TrackRentSites = false;

    internal ManualClock Clock { get; } = new(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));

    protected static int Column(string name) => NexmarkSchema.Fields.IndexOf(name);

    protected static TableContext Table(IEnumerable<(string Key, string Value)> options, RowSchema? schema = null) =>
        new("events", schema ?? NexmarkSchema.Fields, new ConnectorOptions("events", options.Select(o => KeyValuePair.Create(o.Key, o.Value))), [], []);

    protected NexmarkTableSource Source(params (string Key, string Value)[] options) => Source(null, options);

    protected NexmarkTableSource Source(RowSchema? schema, params (string Key, string Value)[] options) =>
        (NexmarkTableSource)new NexmarkConnectorFactory(Clock).CreateSource(Table([("connector", "nexmark"), .. options], schema));

    /// <summary>Every row of every split, splits in plan order, with all columns unless <paramref name="columns"/> says otherwise.</summary>
    protected List<object?[]> ReadAll(ITableSource source, int parallelism = 1, int batchRows = 4096, IReadOnlyList<int>? columns = null)
    {
        var rows = new List<object?[]>();
        foreach (SourceSplit split in source.PlanSplits(parallelism))
        {
            rows.AddRange(ReadSplit(source, split, batchRows, columns));
        }

        return rows;
    }

    /// <summary>
    /// Reads only the columns <paramref name="names"/> (of a full-schema table) and returns full-width rows with the
    /// other columns NULL, so <see cref="Column"/> indexes them as usual.
    /// </summary>
    protected List<object?[]> ReadColumns(ITableSource source, params string[] names)
    {
        int[] columns = [.. names.Select(Column)];
        return [.. ReadAll(source, 2, 8192, columns).Select(r =>
        {
            var row = new object?[NexmarkSchema.Fields.Count];
            for (int i = 0; i < columns.Length; i++)
            {
                row[columns[i]] = r[i];
            }

            return row;
        })];
    }

    protected List<object?[]> ReadSplit(ITableSource source, SourceSplit split, int batchRows, IReadOnlyList<int>? columns = null, int maxBatches = int.MaxValue)
    {
        columns ??= [.. Enumerable.Range(0, ((NexmarkTableSource)source).PhysicalSchema.Count)];
        var rows = new List<object?[]>();
        using ISourceReader reader = source.Open(split, columns, Context());
        for (int i = 0; i < maxBatches; i++)
        {
            using ColumnBatch? batch = reader.Read(batchRows);
            if (batch is null)
            {
                break;
            }

            Assert.Equal(reader.Schema.Names, batch.Names);
            rows.AddRange(Rows(batch));
        }

        return rows;
    }

    protected static string Text(object?[] row) => string.Join("|", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "NULL"));

    /// <summary>A clock that moves only when told to, for rate limiting and the default base time.</summary>
    internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
