using VecFlow.State.KeyGroups;

namespace VecFlow.State.Tests.KeyGroups;

public sealed class KeyGroupAssignmentTests
{
    [Theory]
    [InlineData(128, 1)]
    [InlineData(128, 2)]
    [InlineData(128, 3)]
    [InlineData(128, 7)]
    [InlineData(128, 128)]
    [InlineData(10, 4)]
    public void Ranges_partition_the_key_groups_contiguously_and_agree_with_SubtaskOf(int max, int parallelism)
    {
        int next = 0;
        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, max, parallelism);
            Assert.Equal(next, range.Start);
            for (int g = range.Start; g <= range.End; g++)
            {
                Assert.Equal(subtask, KeyGroupAssignment.SubtaskOf(g, max, parallelism));
            }

            next = range.End + 1;
        }

        Assert.Equal(max, next);
    }

    [Fact]
    public void Key_groups_are_spread_evenly()
    {
        var random = new Random(7);
        int[] counts = new int[128];
        for (int i = 0; i < 128_000; i++)
        {
            ulong hash = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            int group = KeyGroupAssignment.KeyGroupOf(hash, 128);
            counts[group]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void AssignSubtasks_matches_the_scalar_mapping()
    {
        ulong[] hashes = [0, 1, ulong.MaxValue, 0x8000_0000_0000_0000, 0x1234_5678_9ABC_DEF0];
        int[] targets = new int[hashes.Length];
        KeyGroupAssignment.AssignSubtasks(hashes, targets, 128, 3);
        for (int i = 0; i < hashes.Length; i++)
        {
            Assert.Equal(KeyGroupAssignment.SubtaskOf(KeyGroupAssignment.KeyGroupOf(hashes[i], 128), 128, 3), targets[i]);
        }

        Assert.Equal(127, KeyGroupAssignment.KeyGroupOf(ulong.MaxValue, 128));
        Assert.Equal(0, KeyGroupAssignment.KeyGroupOf(0, 128));
    }

    [Fact]
    public void Bad_parallelism_is_refused_with_the_valid_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KeyGroupAssignment.RangeOf(0, 128, 129));
        Assert.Contains("between 1 and the maximum parallelism (128)", error.Message, StringComparison.Ordinal);
    }
}
