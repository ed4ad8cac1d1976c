using System.IO.Hashing;
using System.Text;

namespace VecFlow.Engine.Graph;

/// <summary>Stable operator ids: a hash of an operator's definition and of its inputs' ids.</summary>
/// <remarks>
/// The same SQL planned twice gives the same ids, in any process; changing an operator (or anything upstream of it)
/// changes its id, which is what savepoint and hot-restart matching want. Two identical operators over identical inputs
/// (a self-union) are told apart by an occurrence suffix in planning order.
/// </remarks>
internal sealed class OperatorIds
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(string definition, IEnumerable<string> inputIds)
    {
        var text = new StringBuilder(definition);
        foreach (string input in inputIds)
        {
            text.Append('\u001f').Append(input);
        }

        string id = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        int occurrence = _seen.TryGetValue(id, out int count) ? count + 1 : 1;
        _seen[id] = occurrence;
        return occurrence == 1 ? id : $"{id}-{occurrence}";
    }
}
