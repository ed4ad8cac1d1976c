using System.IO.Hashing;

namespace VecFlow.State.Descriptors;

/// <summary>The stable hash that identifies a state's shape on restore: its kind, value layout and format version.</summary>
/// <remarks>
/// XXH3-64 (seed 0) of the UTF-8 text <c>kind|layout|vN</c>; no per-process seed, so it is the same in every process
/// and run. The state's name is matched separately, so renaming a state and changing its shape are told apart.
/// </remarks>
public static class SchemaFingerprint
{
    public static ulong Of(StateKind kind, string layout, int formatVersion)
    {
        string text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind}|{layout}|v{formatVersion}");
        return XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
