namespace VecFlow.Engine.Operators.Over;

/// <summary>How an OVER frame measures its start: in rows, or in order-key distance (peers share a frame end).</summary>
public enum OverFrameUnit
{
    Rows,
    Range,
}

/// <summary>An OVER frame ending at CURRENT ROW: <c>{ROWS | RANGE} BETWEEN {UNBOUNDED | n} PRECEDING AND CURRENT ROW</c>.</summary>
/// <param name="Unit">ROWS or RANGE.</param>
/// <param name="Preceding">
/// The start: null for UNBOUNDED PRECEDING; else rows (ROWS) or the distance in the single order key's units (RANGE:
/// milliseconds for TIMESTAMP/TIME and INTERVAL DAY TO SECOND, days for DATE, the value for numbers).
/// </param>
/// <remarks>
/// With RANGE, CURRENT ROW means the last peer (rows with equal order keys), so peers get the same value; this is the
/// SQL default frame when ORDER BY is present.
/// </remarks>
public sealed record OverFrame(OverFrameUnit Unit, decimal? Preceding)
{
    public static OverFrame RowsUnboundedPreceding { get; } = new(OverFrameUnit.Rows, null);

    public static OverFrame RangeUnboundedPreceding { get; } = new(OverFrameUnit.Range, null);

    public static OverFrame Rows(long preceding) =>
        preceding >= 0 ? new(OverFrameUnit.Rows, preceding) : throw new ArgumentOutOfRangeException(nameof(preceding), preceding, "ROWS n PRECEDING needs n >= 0.");

    public static OverFrame Range(decimal preceding) =>
        preceding >= 0 ? new(OverFrameUnit.Range, preceding) : throw new ArgumentOutOfRangeException(nameof(preceding), preceding, "RANGE x PRECEDING needs x >= 0.");

    public override string ToString() =>
        $"{Unit.ToString().ToUpperInvariant()} BETWEEN {(Preceding is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "UNBOUNDED")} PRECEDING AND CURRENT ROW";
}
