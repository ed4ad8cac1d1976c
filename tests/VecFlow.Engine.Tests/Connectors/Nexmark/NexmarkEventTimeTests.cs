using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Nexmark;

namespace VecFlow.Engine.Tests.Connectors.Nexmark;

public sealed class NexmarkEventTimeTests
{
    [Theory]
    [InlineData(7, 13, 0, 1)]
    [InlineData(7, 13, 5, 3)]
    [InlineData(3, 3, 2, 64)]
    [InlineData(1000, 1, 12_345, 17)]
    public void Carried_event_times_equal_the_closed_form_across_rate_steps(long firstRate, long nextRate, long first, long stride)
    {
        var options = new ConnectorOptions("t", new Dictionary<string, string>
        {
            ["seed"] = "1",
            ["first-event.rate"] = firstRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["next-event.rate"] = nextRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["base-time"] = "1000",
        });
        var model = new NexmarkEventModel(NexmarkOptions.Parse(options, TimeProvider.System));

        // Enough events to cross several 300 s rate steps at these rates.
        long[] carried = new long[30_000];
        model.FillTimesMillis(first, stride, carried);
        for (int i = 0; i < carried.Length; i++)
        {
            long n = first + (i * stride);
            Assert.Equal(model.TimeMillis(n), carried[i]);
        }

        Assert.True(carried.Zip(carried.Skip(1)).All(p => p.First <= p.Second), "event times are monotonic");
        Assert.Equal(1000 + 300_000, model.TimeMillis(300 * firstRate));
    }
}
