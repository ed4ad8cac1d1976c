using VecFlow.Engine.Connectors;

namespace VecFlow.Engine.Tests;

public sealed class ConnectorOptionsTests
{
    [Fact]
    public void Legacy_keys_map_to_current_names_and_lookups_ignore_case()
    {
        var options = new ConnectorOptions("t", new Dictionary<string, string> { ["connector.type"] = "filesystem", ["connector.path"] = "/data", ["FORMAT.TYPE"] = "csv" });
        Assert.Equal("filesystem", options.Get("connector"));
        Assert.Equal("/data", options.Require("PATH"));
        Assert.Equal("csv", options.Get("format"));
    }

    [Fact]
    public void Unknown_option_is_an_error_listing_the_valid_ones()
    {
        var options = new ConnectorOptions("bids", new Dictionary<string, string> { ["connector"] = "nexmark", ["events.nmu"] = "10" });
        ConnectorException error = Assert.Throws<ConnectorException>(() => options.Validate("nexmark", ["connector", "events.num", "first-event.rate"]));
        Assert.Contains("'events.nmu'", error.Message);
        Assert.Contains("bids", error.Message);
        Assert.Contains("events.num, first-event.rate", error.Message);
    }

    [Fact]
    public void Typed_accessors_name_the_option_and_the_bad_value()
    {
        var options = new ConnectorOptions("t", new Dictionary<string, string> { ["rows-per-second"] = "ten", ["rate.limited"] = "yes" });
        Assert.Contains("'rows-per-second'", Assert.Throws<ConnectorException>(() => options.GetLong("rows-per-second", 1)).Message);
        Assert.Contains("'true' or 'false'", Assert.Throws<ConnectorException>(() => options.GetBool("rate.limited", false)).Message);
        Assert.Equal(5, options.GetLong("missing", 5));
        Assert.Contains("needs the option 'path'", Assert.Throws<ConnectorException>(() => options.Require("path")).Message);
    }
}
