namespace VecFlow.Engine.Operators.Window;

/// <summary>The window table functions that assign rows to time windows.</summary>
public enum WindowKind
{
    /// <summary>TUMBLE(size[, offset]): fixed, non-overlapping windows; each row in exactly one.</summary>
    Tumble,

    /// <summary>HOP(slide, size[, offset]): windows of a size every slide; a row is in each one that contains it.</summary>
    Hop,

    /// <summary>CUMULATE(step, size[, offset]): windows [start, start + k * step) growing within each size-long period.</summary>
    Cumulate,
}
