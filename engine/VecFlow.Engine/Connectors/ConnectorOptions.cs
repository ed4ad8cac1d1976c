namespace VecFlow.Engine.Connectors;

/// <summary>The WITH ('key' = 'value', ...) options of a table, case-insensitive, with checked access.</summary>
/// <remarks>
/// A connector declares the keys it understands; <see cref="Validate"/> turns any other key into an error that lists
/// the valid ones, so a typo is never silently ignored. Legacy keys (<c>connector.type</c>, <c>connector.path</c>,
/// <c>format.type</c>) are mapped to their current names on the way in.
/// </remarks>
public sealed class ConnectorOptions
{
    private static readonly Dictionary<string, string> LegacyKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["connector.type"] = "connector",
        ["connector.path"] = "path",
        ["format.type"] = "format",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public ConnectorOptions(string table, IEnumerable<KeyValuePair<string, string>> options)
    {
        Table = table;
        foreach ((string key, string value) in options)
        {
            string name = LegacyKeys.TryGetValue(key, out string? current) ? current : key;
            _values[name] = value;
        }
    }

    /// <summary>The table these options belong to, for error messages.</summary>
    public string Table { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    public bool Contains(string key) => _values.ContainsKey(key);

    public string? Get(string key) => _values.TryGetValue(key, out string? v) ? v : null;

    public string Require(string key) => Get(key)
        ?? throw new ConnectorException($"Table '{Table}' needs the option '{key}'.");

    public string Get(string key, string fallback) => Get(key) ?? fallback;

    public long GetLong(string key, long fallback)
    {
        string? text = Get(key);
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new ConnectorException($"Option '{key}' of table '{Table}' must be an integer, not '{text}'.");
    }

    public double GetDouble(string key, double fallback)
    {
        string? text = Get(key);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new ConnectorException($"Option '{key}' of table '{Table}' must be a number, not '{text}'.");
    }

    public bool GetBool(string key, bool fallback)
    {
        string? text = Get(key);
        return text is null
            ? fallback
            : text.Trim().ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw new ConnectorException($"Option '{key}' of table '{Table}' must be 'true' or 'false', not '{text}'."),
            };
    }

    /// <summary>Fails on any key not in <paramref name="known"/> (keys ending in '.' accept any suffix, e.g. "fields.").</summary>
    public void Validate(string connector, IEnumerable<string> known)
    {
        var valid = known.ToList();
        foreach (string key in _values.Keys)
        {
            bool ok = valid.Any(k => k.EndsWith('.') ? key.StartsWith(k, StringComparison.OrdinalIgnoreCase) : string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (!ok)
            {
                throw new ConnectorException(
                    $"Unknown option '{key}' for connector '{connector}' on table '{Table}'; valid options are: {string.Join(", ", valid.Order(StringComparer.Ordinal))}.");
            }
        }
    }
}
