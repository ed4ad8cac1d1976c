using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>One group key of a streaming window aggregate, in output order: an input column or a window property.</summary>
/// <param name="Property">What the key holds.</param>
/// <param name="Column">The input column for <see cref="StreamWindowProperty.Column"/>; -1 for a window property.</param>
/// <param name="Output">The output field (name and type), exactly as the batch plan's aggregate names and types it.</param>
public sealed record StreamWindowKey(StreamWindowProperty Property, int Column, Field Output)
{
    public static StreamWindowKey Of(int column, Field output) => new(StreamWindowProperty.Column, column, output);

    public static StreamWindowKey Of(StreamWindowProperty property, Field output) => new(property, -1, output);
}
