namespace VecFlow.Engine.Connectors.Formats.Json;

/// <summary>The 'json.*' options.</summary>
public sealed record JsonOptions(bool FailOnMissingField = false, bool IgnoreParseErrors = false)
{
    public const string FailOnMissingFieldKey = "json.fail-on-missing-field";
    public const string IgnoreParseErrorsKey = "json.ignore-parse-errors";

    /// <summary>The option keys the json format understands.</summary>
    public static IReadOnlyList<string> Keys { get; } = [FailOnMissingFieldKey, IgnoreParseErrorsKey];

    public static JsonOptions From(ConnectorOptions options)
    {
        var parsed = new JsonOptions(options.GetBool(FailOnMissingFieldKey, false), options.GetBool(IgnoreParseErrorsKey, false));
        if (parsed.FailOnMissingField && parsed.IgnoreParseErrors)
        {
            throw new ConnectorException(
                $"Table '{options.Table}' sets both '{FailOnMissingFieldKey}' and '{IgnoreParseErrorsKey}' to true; they contradict each other (as in Flink), set only one.");
        }

        return parsed;
    }
}
