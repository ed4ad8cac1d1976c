namespace VecFlow.Vector.Kernels;

/// <summary>How ROUND, TRUNCATE, FLOOR and CEIL drop digits.</summary>
public enum RoundingMode
{
    /// <summary>To the nearest, ties away from zero (SQL ROUND, Java HALF_UP).</summary>
    HalfUp,

    /// <summary>Toward zero (TRUNCATE).</summary>
    TowardZero,

    /// <summary>Toward negative infinity (FLOOR).</summary>
    Floor,

    /// <summary>Toward positive infinity (CEIL).</summary>
    Ceiling,
}
