namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>Random bits as a pure function of (seed, row, column): any split, at any parallelism, generates the same row.</summary>
/// <remarks>SplitMix64 finalizers over the seed and the position; statistically good, and needs no state to share.</remarks>
internal readonly struct CounterRandom(ulong seed)
{
    public ulong Next(long row, int column, int stream) =>
        Mix(seed ^ Mix(((ulong)row * 0x9E3779B97F4A7C15UL) + ((ulong)column << 8) + (ulong)stream));

    /// <summary>A double uniform in [0, 1).</summary>
    public double NextDouble(long row, int column, int stream) => (Next(row, column, stream) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
