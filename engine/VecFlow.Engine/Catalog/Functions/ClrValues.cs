namespace VecFlow.Engine.Catalog.Functions;

/// <summary>Conversions between VecFlow's stored SQL values and the CLR values user functions see.</summary>
internal static class ClrValues
{
    /// <summary>The scale a CLR <see cref="decimal"/> result is stored with (Flink maps BigDecimal to DECIMAL(38, 18)).</summary>
    public const int ResultDecimalScale = 18;

    private static readonly Int128 Mantissa96 = (Int128)1 << 96;

    public static DateTime Timestamp(long epochMillis) =>
        new(DateTime.UnixEpoch.Ticks + (epochMillis * TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified);

    public static long EpochMillis(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond) is var (q, r) && r < 0 ? q - 1 : q;

    public static DateOnly Date(int epochDays) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + epochDays);

    public static int EpochDays(DateOnly value) => value.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>An unscaled DECIMAL as a CLR decimal; digits beyond decimal's 28-29 are cut from the fraction.</summary>
    public static decimal Decimal(Int128 unscaled, int scale)
    {
        bool negative = unscaled < 0;
        Int128 magnitude = negative ? -unscaled : unscaled;
        while ((magnitude >= Mantissa96 || scale > 28) && scale > 0)
        {
            magnitude /= 10;
            scale--;
        }

        if (magnitude >= Mantissa96)
        {
            throw new OverflowException($"the DECIMAL value {unscaled} does not fit a .NET decimal");
        }

        ulong low = (ulong)magnitude;
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>A CLR decimal as an unscaled DECIMAL(38, <paramref name="scale"/>), rounded half away from zero.</summary>
    public static Int128 Unscaled(decimal value, int scale)
    {
        decimal rounded = Math.Round(value, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rounded, bits);
        Int128 magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        int have = (bits[3] >> 16) & 0xFF;
        for (int s = have; s < scale; s++)
        {
            magnitude = checked(magnitude * 10);
        }

        if (magnitude >= Int128.Parse("100000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new OverflowException($"the decimal {value} does not fit DECIMAL(38, {scale})");
        }

        return bits[3] < 0 ? -magnitude : magnitude;
    }
}
