using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The output of a shared subtree's subtask: every batch and event goes to each outgoing edge's exchange.</summary>
/// <remarks>
/// A batch is sent whole to every exchange, retained once per extra exchange, so each owner disposes it once; events
/// (watermarks, idleness, barriers, end of data) go to all exchanges in the same order, so each consumer sees a
/// barrier after exactly the rows sent before it.
/// </remarks>
public sealed class ExchangeTee(IReadOnlyList<ExchangeWriter> outputs) : IExchangeOutput
{
    public long Origin
    {
        get => outputs[0].Origin;
        set
        {
            foreach (ExchangeWriter output in outputs)
            {
                output.Origin = value;
            }
        }
    }

    public void Collect(ColumnBatch batch)
    {
        if (batch.LiveCount == 0)
        {
            batch.Dispose();
            return;
        }

        try
        {
            for (int i = 1; i < outputs.Count; i++)
            {
                outputs[i].Collect(batch.Retain());
            }
        }
        catch
        {
            // The failed exchange disposed its reference (a cancelled send does); this one is still ours.
            batch.Dispose();
            throw;
        }

        outputs[0].Collect(batch);
    }

    public void SendWatermark(long watermark)
    {
        foreach (ExchangeWriter output in outputs)
        {
            output.SendWatermark(watermark);
        }
    }

    public void SendStatus(bool idle)
    {
        foreach (ExchangeWriter output in outputs)
        {
            output.SendStatus(idle);
        }
    }

    public void SendBarrier(CheckpointBarrier barrier)
    {
        foreach (ExchangeWriter output in outputs)
        {
            output.SendBarrier(barrier);
        }
    }

    public void Finish()
    {
        foreach (ExchangeWriter output in outputs)
        {
            output.Finish();
        }
    }
}
