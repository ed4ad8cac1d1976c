using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The end of a producer subtask's chain: distributes its output batches over the channels to the consumer subtasks.</summary>
/// <remarks>
/// A hash exchange hashes the key columns a batch at a time with the same kernel the keyed operators use, maps each
/// hash to its key group and the key group to its subtask, and gathers each subtask's rows into one batch; a batch
/// whose live rows all go to one subtask is sent as it is.
/// </remarks>
public sealed class ExchangeWriter(Graph.ExchangeKind kind, IReadOnlyList<int> keys, IReadOnlyList<IChannelWriter> targets, int maxParallelism, BufferPool pool) : IExchangeOutput
{
    private int _next;

    /// <summary>The origin stamp (<see cref="ChannelElement.Origin"/>) of the input the producer is working on; sent with every batch and watermark.</summary>
    public long Origin { get; set; }

    public void Collect(ColumnBatch batch)
    {
        if (batch.LiveCount == 0)
        {
            batch.Dispose();
            return;
        }

        switch (kind)
        {
            case Graph.ExchangeKind.Broadcast:
                for (int t = 1; t < targets.Count; t++)
                {
                    targets[t].Send(Data(batch.Retain()));
                }

                targets[0].Send(Data(batch));
                break;
            case Graph.ExchangeKind.Rebalance:
                targets[_next].Send(Data(batch));
                _next = (_next + 1) % targets.Count;
                break;
            case Graph.ExchangeKind.Hash when targets.Count > 1:
                SendHashed(batch);
                break;
            default:
                targets[0].Send(Data(batch));
                break;
        }
    }

    /// <summary>Sends a watermark to every consumer subtask: each must know this producer's event-time progress.</summary>
    public void SendWatermark(long watermark)
    {
        foreach (IChannelWriter target in targets)
        {
            target.Send(Mark(watermark));
        }
    }

    /// <summary>Tells every consumer subtask that this producer is idle (or active again): an idle producer does not hold their watermark back.</summary>
    public void SendStatus(bool idle)
    {
        foreach (IChannelWriter target in targets)
        {
            target.Send(idle ? ChannelElement.Idle : ChannelElement.Active);
        }
    }

    /// <summary>Sends a checkpoint barrier to every consumer subtask, after everything this producer sent before it.</summary>
    public void SendBarrier(CheckpointBarrier barrier)
    {
        foreach (IChannelWriter target in targets)
        {
            target.Send(ChannelElement.Cut(barrier));
        }
    }

    /// <summary>Ends every channel: the consumers see this producer's end of data.</summary>
    public void Finish()
    {
        foreach (IChannelWriter target in targets)
        {
            target.Send(ChannelElement.EndOfData);
        }
    }

    private void SendHashed(ColumnBatch batch)
    {
        using (batch)
        {
            int n = batch.Length;
            ulong[] hashes = new ulong[n];
            HashKernels.Hash([.. keys.Select(batch.Column)], hashes);
            int[] live = batch.Selection?.ToIndices() ?? [.. Enumerable.Range(0, n)];
            int[] target = new int[live.Length];
            int[] counts = new int[targets.Count];
            for (int i = 0; i < live.Length; i++)
            {
                int t = KeyGroupAssignment.SubtaskOf(KeyGroupAssignment.KeyGroupOf(hashes[live[i]], maxParallelism), maxParallelism, targets.Count);
                target[i] = t;
                counts[t]++;
            }

            for (int t = 0; t < targets.Count; t++)
            {
                if (counts[t] == live.Length && batch.Selection is null)
                {
                    targets[t].Send(Data(batch.Retain()));
                    return;
                }
            }

            // Row indices grouped by target, in their original order within each target.
            int[] starts = new int[targets.Count + 1];
            for (int t = 0; t < targets.Count; t++)
            {
                starts[t + 1] = starts[t] + counts[t];
            }

            int[] rows = new int[live.Length];
            int[] fill = (int[])starts.Clone();
            for (int i = 0; i < live.Length; i++)
            {
                rows[fill[target[i]]++] = live[i];
            }

            for (int t = 0; t < targets.Count; t++)
            {
                if (counts[t] > 0)
                {
                    targets[t].Send(Data(batch.Gather(rows.AsSpan(starts[t], counts[t]), pool)));
                }
            }
        }
    }

    private ChannelElement Data(ColumnBatch batch) => ChannelElement.Data(batch) with { Origin = Origin };

    private ChannelElement Mark(long watermark) => ChannelElement.Mark(watermark) with { Origin = Origin };
}
