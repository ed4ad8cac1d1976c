using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary><c>table.exec.state.ttl</c> reaches the keyed state of streaming group aggregates: a key idle longer than the TTL starts over.</summary>
public sealed class StateTtlTests : EngineTest
{
    private static readonly string[] FirstSteps = ["Insert 1 1", "Insert 2 1", "UpdateBefore 2 1", "UpdateAfter 2 2"];

    [Theory]
    [InlineData("hashmap", "1 min")]
    [InlineData("rocksdb", "60 s")]
    [InlineData("hashmap", "0")]
    public void A_group_idle_longer_than_the_ttl_starts_a_new_group(string backend, string ttl)
    {
        var clock = new ManualClock();
        var sink = new CollectingConnectorFactory();
        int[] rowsBefore = [0, 2, 4];

        // Each step waits until the aggregate's output of the step before reached the sink, then moves the clock 40 s.
        var source = new SteppedConnectorFactory([[1, 2], [2], [1, 2]], step =>
        {
            Assert.True(sink.WaitFor(rows => rows.Count >= rowsBefore[step], TimeSpan.FromSeconds(60)));
            clock.Advance(TimeSpan.FromSeconds(40));
        });
        using var session = new SqlSession(null, Path.Combine(Directory, "session"), Pool) { Clock = clock };
        session.Connectors.Register(source);
        session.Connectors.Register(sink);
        session.Execute($"""
            SET 'execution.runtime-mode' = 'streaming';
            SET 'state.backend.type' = '{backend}';
            SET 'table.exec.state.ttl' = '{ttl}';
            CREATE TABLE src (k BIGINT) WITH ('connector' = 'stepped');
            CREATE TABLE out (k BIGINT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'collect');
            INSERT INTO out SELECT k, COUNT(*) FROM src GROUP BY k;
            """);

        List<string> changes = [.. sink.Rows.Select(r => $"{r[2]} {r[0]} {r[1]}")];
        Assert.Equal(FirstSteps.Order(StringComparer.Ordinal), changes.Take(4).Order(StringComparer.Ordinal));
        string[] last = ttl == "0"
            ? ["UpdateBefore 1 1", "UpdateAfter 1 2", "UpdateBefore 2 2", "UpdateAfter 2 3"]

            // Key 1 was last written 80 s before its third row: its group expired and starts again at 1; key 2, 40 s before.
            : ["Insert 1 1", "UpdateBefore 2 2", "UpdateAfter 2 3"];
        Assert.Equal(last.Order(StringComparer.Ordinal), changes.Skip(4).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_ttl_must_be_a_duration()
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "session"), Pool);
        var error = Assert.Throws<VecFlow.Engine.Planning.SqlValidationException>(() => session.Execute("SET 'table.exec.state.ttl' = 'forever';"));
        Assert.Contains("'table.exec.state.ttl' must be a duration", error.Message);
    }

    /// <summary>A wall clock that moves only when told to (state TTL reads <see cref="GetUtcNow"/>).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
