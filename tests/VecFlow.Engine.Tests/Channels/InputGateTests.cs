using VecFlow.Engine.Runtime.Channels;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Channels;

/// <summary>Channels between subtasks: order per channel, end of data, credits, cancellation without leaks.</summary>
public sealed class InputGateTests : EngineTest
{
    private static readonly RowSchema Schema = new([new Field("x", SqlType.BigInt)]);

    [Fact]
    public async Task Elements_of_each_channel_arrive_in_order_and_the_gate_ends_when_every_channel_has_ended()
    {
        using var gate = new InputGate(creditsPerChannel: 2, CancellationToken.None);
        IChannelWriter[] channels = [gate.AddChannel(), gate.AddChannel(), gate.AddChannel()];
        Task[] producers = [.. channels.Select((channel, c) => Task.Run(() =>
        {
            for (long i = 0; i < 50; i++)
            {
                channel.Send(ChannelElement.Data(Batch(Schema, [(c * 1000) + i])));
            }

            channel.Send(ChannelElement.EndOfData);
        }))];

        var seen = new List<long>[3] { [], [], [] };
        while (gate.Next(out ChannelElement element, out int channel))
        {
            using (element.Batch!)
            {
                seen[channel].Add((long)Rows(element.Batch!)[0][0]!);
            }
        }

        await Task.WhenAll(producers);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (c * 1000L) + i), seen[c]);
        }
    }

    [Fact]
    public async Task A_producer_without_credit_waits_until_the_consumer_takes_an_element()
    {
        using var gate = new InputGate(creditsPerChannel: 2, CancellationToken.None);
        IChannelWriter channel = gate.AddChannel();
        channel.Send(ChannelElement.Data(Batch(Schema, [1L])));
        channel.Send(ChannelElement.Data(Batch(Schema, [2L])));

        Task third = Task.Run(() => channel.Send(ChannelElement.Data(Batch(Schema, [3L]))));
        Assert.NotSame(third, await Task.WhenAny(third, Task.Delay(200)));

        Assert.True(gate.Next(out ChannelElement first, out _));
        first.Batch!.Dispose();
        await third.WaitAsync(TimeSpan.FromSeconds(30));
        Task end = Task.Run(() => channel.Send(ChannelElement.EndOfData));
        var rest = new List<long>();
        while (gate.Next(out ChannelElement element, out _))
        {
            using (element.Batch!)
            {
                rest.Add((long)Rows(element.Batch!)[0][0]!);
            }
        }

        await end;
        Assert.Equal([2L, 3L], rest);
    }

    [Fact]
    public async Task Cancelling_releases_a_blocked_producer_and_disposing_the_gate_frees_buffered_batches()
    {
        using var cancellation = new CancellationTokenSource();
        var gate = new InputGate(creditsPerChannel: 1, cancellation.Token);
        IChannelWriter channel = gate.AddChannel();
        channel.Send(ChannelElement.Data(Batch(Schema, [1L])));
        Task blocked = Task.Run(() => channel.Send(ChannelElement.Data(Batch(Schema, [2L]))));

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        gate.Dispose();
        // EngineTest's pool fails the test if either batch leaked.
    }

    [Fact]
    public void A_blocked_channel_holds_its_elements_back_until_unblocked_while_other_channels_flow()
    {
        using var gate = new InputGate(creditsPerChannel: 4, CancellationToken.None);
        IChannelWriter left = gate.AddChannel(input: 0);
        IChannelWriter right = gate.AddChannel(input: 1);
        Assert.Equal(0, gate.InputOf(0));
        Assert.Equal(1, gate.InputOf(1));
        Assert.Equal(1, gate.ChannelsOf(1));

        left.Send(ChannelElement.Cut(new CheckpointBarrier(7)));
        left.Send(ChannelElement.Data(Batch(Schema, [10L])));
        left.Send(ChannelElement.EndOfData);
        right.Send(ChannelElement.Data(Batch(Schema, [20L])));
        right.Send(ChannelElement.Cut(new CheckpointBarrier(7)));
        right.Send(ChannelElement.EndOfData);

        var seen = new List<string>();
        bool unblocked = false;
        while (gate.NextElement(out ChannelElement element, out int channel))
        {
            seen.Add(element.Kind switch
            {
                ChannelElementKind.Batch => $"{channel}:{Rows(element.Batch!)[0][0]}",
                ChannelElementKind.Barrier => $"{channel}:barrier {element.Barrier!.Id}",
                _ => $"{channel}:{element.Kind}",
            });
            element.Batch?.Dispose();
            if (element.Kind == ChannelElementKind.Barrier)
            {
                if (channel == 0)
                {
                    gate.Block(0);
                }
                else if (!unblocked)
                {
                    unblocked = true;
                    gate.UnblockAll();
                }
            }
        }

        // The left channel's row after its barrier waits until the right channel's barrier has come.
        Assert.Equal(["0:barrier 7", "1:20", "1:barrier 7", "0:10", "0:EndOfData", "1:EndOfData"], seen);
    }

    [Fact]
    public void Disposing_a_gate_frees_the_batches_a_blocked_channel_holds()
    {
        var gate = new InputGate(creditsPerChannel: 4, CancellationToken.None);
        IChannelWriter channel = gate.AddChannel();
        IChannelWriter other = gate.AddChannel();
        channel.Send(ChannelElement.Cut(new CheckpointBarrier(1)));
        channel.Send(ChannelElement.Data(Batch(Schema, [1L])));
        other.Send(ChannelElement.Data(Batch(Schema, [2L])));
        Assert.True(gate.NextElement(out ChannelElement barrier, out int at));
        Assert.Equal(ChannelElementKind.Barrier, barrier.Kind);
        gate.Block(at);
        Assert.True(gate.NextElement(out ChannelElement data, out int from));
        Assert.Equal(1, from);
        data.Batch!.Dispose();
        gate.Dispose();
        // EngineTest's pool fails the test if the held batch leaked.
    }
}
