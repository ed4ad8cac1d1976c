namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The time bounds of an interval join: a left row matches right rows with <c>lower &lt;= left.time - right.time &lt;= upper</c>.</summary>
/// <param name="LeftTime">The left input's event-time column (epoch millis).</param>
/// <param name="RightTime">The right input's event-time column (epoch millis).</param>
/// <param name="Lower">The smallest left time minus right time that can match, in milliseconds.</param>
/// <param name="Upper">The largest left time minus right time that can match, in milliseconds.</param>
/// <remarks>
/// Rows with event times at or below the watermark do not arrive any more, so a left row at time t can meet no new
/// right row once the watermark reaches <c>t - Lower</c>, and a right row at time t none once it reaches <c>t + Upper</c>:
/// then they leave state. The bounds only decide when rows are cleaned up; the join condition itself still decides
/// which pairs match.
/// </remarks>
public sealed record StreamJoinBounds(int LeftTime, int RightTime, long Lower, long Upper)
{
    /// <summary>The watermark at which a row of <paramref name="side"/> (0 left, 1 right) at <paramref name="time"/> can meet no new row.</summary>
    public long ExpiryOf(int side, long time) => side == 0 ? SaturatingSubtract(time, Lower) : SaturatingAdd(time, Upper);

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    private static long SaturatingSubtract(long a, long b) => b == long.MinValue ? SaturatingAdd(SaturatingAdd(a, long.MaxValue), 1) : SaturatingAdd(a, -b);

    public override string ToString() => $"left.${LeftTime} - right.${RightTime} BETWEEN {Lower} AND {Upper} ms";
}
