namespace VecFlow.Vector.Kernels;

/// <summary>The one-argument DOUBLE functions of <see cref="MathKernels.Apply"/>.</summary>
public enum DoubleFunction
{
    /// <summary>SQRT(x), x &gt;= 0.</summary>
    Sqrt,

    /// <summary>LN(x), x &gt; 0.</summary>
    Ln,

    /// <summary>LOG10(x), x &gt; 0.</summary>
    Log10,

    /// <summary>LOG2(x), x &gt; 0.</summary>
    Log2,

    /// <summary>EXP(x); a result beyond the DOUBLE range is an overflow.</summary>
    Exp,
}
