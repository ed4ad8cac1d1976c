namespace VecFlow.Vector.Kernels;

/// <summary>Which ends TRIM removes characters from.</summary>
public enum TrimMode
{
    Both,
    Leading,
    Trailing,
}
