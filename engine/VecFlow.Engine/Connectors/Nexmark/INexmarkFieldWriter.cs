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

    /// <summary>Bytes per value that almost no block exceeds on average, to size the column's data buffer once (growing copies it).</summary>
    int BytesPerValue { get; }

    void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row);
}
