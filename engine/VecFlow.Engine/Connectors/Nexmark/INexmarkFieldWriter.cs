using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>A 64-bit field of one event kind (ids, prices, timestamps): the value of one row of a block.</summary>
/// <remarks>Implemented by small structs so the column loop in <see cref="NexmarkEventGenerator"/> is specialised per field.</remarks>
internal interface INexmarkLongField
{
    NexmarkEventKind Kind { get; }

    long Value(NexmarkEventBlock block, int row);
}

/// <summary>A text field of one event kind: appends one row's UTF-8 value to a builder.</summary>
internal interface INexmarkTextField
{
    NexmarkEventKind Kind { get; }

    /// <summary>Typical bytes per value, to size the column's data buffer once.</summary>
    int TypicalBytes { get; }

    void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row);
}
