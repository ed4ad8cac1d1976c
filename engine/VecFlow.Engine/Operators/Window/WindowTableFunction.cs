namespace VecFlow.Engine.Operators.Window;

/// <summary>One TUMBLE, HOP or CUMULATE call over a time attribute column, in milliseconds, as the planner fills it.</summary>
/// <param name="Kind">Which window table function.</param>
/// <param name="TimeColumn">The input column named in DESCRIPTOR(...): TIMESTAMP(3) or TIMESTAMP_LTZ(3).</param>
/// <param name="SizeMillis">The window size (TUMBLE and HOP) or the maximum size (CUMULATE).</param>
/// <param name="StepMillis">HOP's slide or CUMULATE's step; equal to the size for TUMBLE.</param>
/// <param name="OffsetMillis">Shifts window starts away from the epoch (may be negative); 0 aligns to the epoch.</param>
/// <remarks>
/// Window starts align as Flink aligns them: start = ts - ((ts - offset) mod size), with the modulo taken toward
/// negative infinity so that timestamps before 1970 land in the window that contains them.
/// </remarks>
public sealed record WindowTableFunction(WindowKind Kind, int TimeColumn, long SizeMillis, long StepMillis, long OffsetMillis = 0)
{
    /// <summary>The most windows one row may be assigned to; guards against a slide of 1 ms over a day.</summary>
    public const int MaxWindowsPerRow = 100_000;

    public static WindowTableFunction Tumble(int timeColumn, long sizeMillis, long offsetMillis = 0) =>
        new(WindowKind.Tumble, timeColumn, sizeMillis, sizeMillis, offsetMillis);

    public static WindowTableFunction Hop(int timeColumn, long slideMillis, long sizeMillis, long offsetMillis = 0) =>
        new(WindowKind.Hop, timeColumn, sizeMillis, slideMillis, offsetMillis);

    public static WindowTableFunction Cumulate(int timeColumn, long stepMillis, long sizeMillis, long offsetMillis = 0) =>
        new(WindowKind.Cumulate, timeColumn, sizeMillis, stepMillis, offsetMillis);

    /// <summary>At most how many windows one row is assigned to.</summary>
    public int WindowsPerRow => Kind switch
    {
        WindowKind.Tumble => 1,
        WindowKind.Hop => (int)Math.Min(int.MaxValue, ((SizeMillis - 1) / StepMillis) + 1),
        _ => (int)Math.Min(int.MaxValue, SizeMillis / StepMillis),
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the parameter that is not valid.</summary>
    public void Validate()
    {
        string name = Kind.ToString().ToUpperInvariant();
        if (SizeMillis <= 0)
        {
            throw new ArgumentException($"{name} needs a positive window size, not {SizeMillis} ms.");
        }

        if (StepMillis <= 0)
        {
            string step = Kind == WindowKind.Hop ? "slide" : "step";
            throw new ArgumentException($"{name} needs a positive {step}, not {StepMillis} ms.");
        }

        if (Kind == WindowKind.Tumble && StepMillis != SizeMillis)
        {
            throw new ArgumentException($"TUMBLE has no step; got a step of {StepMillis} ms for a size of {SizeMillis} ms.");
        }

        if (Kind == WindowKind.Cumulate && SizeMillis % StepMillis != 0)
        {
            throw new ArgumentException($"CUMULATE needs a max size that is a whole multiple of the step; {SizeMillis} ms is not a multiple of {StepMillis} ms.");
        }

        if (WindowsPerRow > MaxWindowsPerRow)
        {
            throw new ArgumentException($"{name} with size {SizeMillis} ms and step {StepMillis} ms puts each row in {WindowsPerRow} windows; at most {MaxWindowsPerRow} are supported.");
        }
    }

    public override string ToString() => Kind switch
    {
        WindowKind.Tumble => $"TUMBLE(${TimeColumn}, {SizeMillis} ms, offset {OffsetMillis} ms)",
        WindowKind.Hop => $"HOP(${TimeColumn}, slide {StepMillis} ms, size {SizeMillis} ms, offset {OffsetMillis} ms)",
        _ => $"CUMULATE(${TimeColumn}, step {StepMillis} ms, size {SizeMillis} ms, offset {OffsetMillis} ms)",
    };
}
