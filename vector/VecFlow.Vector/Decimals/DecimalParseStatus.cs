namespace VecFlow.Vector.Decimals;

/// <summary>Outcome of parsing text (or converting a double) into a DECIMAL(p, s).</summary>
public enum DecimalParseStatus
{
    Ok,

    /// <summary>The input is not a number.</summary>
    Invalid,

    /// <summary>The number does not fit the precision after rounding to the scale.</summary>
    Overflow,
}
