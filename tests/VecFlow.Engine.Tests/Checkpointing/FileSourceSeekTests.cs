using System.Globalization;
using System.Text;
using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Sessions;
using VecFlow.State.Checkpoints;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A restored file source seeks to the byte offset its checkpoint recorded: the consumed part of the file is never read again.</summary>
public sealed class FileSourceSeekTests : EngineTest
{
    private const int InputRows = 12_000;

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public void A_restored_file_source_resumes_at_its_checkpointed_offset_without_reading_the_consumed_prefix(string format)
    {
        string input = Path.Combine(Directory, "input", $"events.{format}");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        WriteInput(input, format);

        List<string>[] expected = Run("reference", format, faults: null);
        Assert.Equal(InputRows / 2, expected[0].Count);
        Assert.Equal(17, expected[1].Count);

        // Once a checkpoint taken mid-file has completed, the bytes it consumed become garbage and the job fails: a
        // source that re-read its file from the start would meet a malformed row instead of the rows it had read.
        using var faults = new PrefixCorruption(input, Path.Combine(Directory, "faulty-checkpoints"));
        List<string>[] restored = Run("faulty", format, faults);

        Assert.True(faults.Offset > 0, "no checkpoint completed while the file was being read");
        Assert.Equal(expected[0], restored[0]);
        Assert.Equal(expected[1], restored[1]);
        byte[] prefix = File.ReadAllBytes(input)[..(int)faults.Offset];
        Assert.All(prefix[..^1], b => Assert.Equal((byte)'X', b));
    }

    [Fact]
    public void Source_positions_of_older_checkpoints_without_offsets_still_decode_and_skip_by_rows()
    {
        SplitPosition[] positions = [new(0, 10, 5, false, 1234), new(3, 7, long.MinValue, true, -1)];
        Assert.Equal(positions, SplitPosition.Decode(SplitPosition.Encode(positions)));

        // The layout before offsets: count, then per split its index, rows, watermark and finished flag.
        byte[] old = new byte[4 + 21];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(old, 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(4), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(old.AsSpan(8), 99);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(old.AsSpan(16), 42);
        Assert.Equal([new SplitPosition(2, 99, 42, false, -1)], SplitPosition.Decode(old));
        Assert.Throws<InvalidDataException>(() => SplitPosition.Decode(old.AsSpan(0, 20)));
    }

    private List<string>[] Run(string name, string format, IFaultInjector? faults)
    {
        string outputs = Path.Combine(Directory, name);
        using var session = new SqlSession(null, Path.Combine(Directory, name + "-work")) { BatchRows = 128, Faults = faults };
        session.Execute(CheckpointedJob.Streaming(1, Path.Combine(Directory, name + "-checkpoints"), extra: """
                SET 'restart-strategy.type' = 'fixed-delay';
                SET 'restart-strategy.fixed-delay.attempts' = '2';
                SET 'restart-strategy.fixed-delay.delay' = '0ms';
                """) + $"""
            CREATE TABLE events (id BIGINT, k INT, v BIGINT, note VARCHAR)
                WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(Directory, "input")}', 'format' = '{format}');
            CREATE TABLE copy_out (id BIGINT, v BIGINT, note VARCHAR)
                WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "copy_out")}', 'format' = 'csv');
            CREATE TABLE totals (k INT, n BIGINT, total BIGINT, PRIMARY KEY (k) NOT ENFORCED)
                WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "totals")}', 'format' = 'csv');
            EXECUTE STATEMENT SET BEGIN
            INSERT INTO copy_out SELECT id, v, note FROM events WHERE MOD(id, 2) = 0;
            INSERT INTO totals SELECT k, COUNT(*), SUM(v) FROM events GROUP BY k;
            END;
            """);
        return [CheckpointedJob.CommittedRows(Path.Combine(outputs, "copy_out")), CheckpointedJob.CommittedRows(Path.Combine(outputs, "totals"))];
    }

    private static void WriteInput(string path, string format)
    {
        var random = new Random(3);
        var text = new StringBuilder();
        for (int i = 0; i < InputRows; i++)
        {
            long v = random.Next(-1000, 1000);
            string note = random.Next(5) == 0 ? "" : $"n{random.Next(100)}";
            text.Append(format == "csv"
                ? string.Create(CultureInfo.InvariantCulture, $"{i},{i % 17},{v},{note}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{{\"id\": {i}, \"k\": {i % 17}, \"v\": {v}, \"note\": \"{note}\"}}\n"));
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Slows the job down until a checkpoint taken mid-file completes, then overwrites the bytes that checkpoint had
    /// consumed with garbage of the same length and fails the job once.
    /// </summary>
    private sealed class PrefixCorruption(string input, string checkpoints) : IFaultInjector, IDisposable
    {
        private readonly ManualResetEventSlim _corrupted = new();

        /// <summary>The byte offset the corrupting checkpoint recorded (0 until then).</summary>
        public long Offset { get; private set; }

        public void Dispose() => _corrupted.Dispose();

        public void At(FaultPoint point, string task, long checkpointId)
        {
            if (_corrupted.IsSet)
            {
                return;
            }

            if (point == FaultPoint.Process)
            {
                // Not a timing assumption: only a cap on how fast the file is read until a checkpoint lands mid-file.
                _corrupted.Wait(TimeSpan.FromMilliseconds(5));
                return;
            }

            if (point != FaultPoint.Commit || checkpointId <= 0)
            {
                return;
            }

            CompletedCheckpoint checkpoint = new CheckpointStorage(System.IO.Directory.EnumerateDirectories(checkpoints).Single())
                .Completed().Single(c => c.Id == checkpointId);
            List<SplitPosition> positions = [.. checkpoint.OperatorStateOperators
                .SelectMany(op => checkpoint.OperatorState(op, SplitPosition.StateName))
                .SelectMany(s => SplitPosition.Decode(s.Data))];
            if (positions.Count == 0 || positions.Any(p => p.Finished || p.Offset <= 0))
            {
                return;
            }

            // Both sources read the same file; garbage up to the smaller offset covers what both had consumed.
            Offset = positions.Min(p => p.Offset);
            using (var file = new FileStream(input, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                byte[] garbage = new byte[Offset];
                Array.Fill(garbage, (byte)'X');
                garbage[^1] = (byte)'\n';
                file.Write(garbage);
            }

            _corrupted.Set();
            throw new InjectedFaultException($"injected failure after checkpoint {checkpointId} consumed {Offset} bytes");
        }
    }
}
