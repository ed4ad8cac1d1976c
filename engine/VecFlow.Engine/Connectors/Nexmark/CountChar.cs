namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Nexmark q14's scalar function: how many times the first character of <c>character</c> occurs in a string.</summary>
/// <remarks>Registered with CREATE FUNCTION; Flink's own class name for it maps here too, so q14 runs as published.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A user function's Eval is an instance method by convention.")]
public sealed class CountChar
{
    public long Eval(string? s, string? character)
    {
        if (s is null || string.IsNullOrEmpty(character))
        {
            return 0;
        }

        return s.AsSpan().Count(character[0]);
    }
}
