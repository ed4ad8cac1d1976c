using System.Collections;
using System.Globalization;

namespace VecFlow.PowerShell;

/// <summary>Reads -Setting and -Define hashtables as string pairs, with values in invariant culture.</summary>
internal static class HashtableSettings
{
    public static Dictionary<string, string> ToDictionary(Hashtable? table)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is null)
        {
            return pairs;
        }

        foreach (DictionaryEntry entry in table)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            object? value = entry.Value is System.Management.Automation.PSObject ps ? ps.BaseObject : entry.Value;
            pairs[key] = value switch
            {
                null => string.Empty,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }

        return pairs;
    }
}
