namespace VecFlow.Benchmarks.Kernels;

/// <summary>Row counts that put a benchmark's working set in L2 or far beyond every cache on this machine.</summary>
/// <remarks>
/// 16,384 int64 rows x 2 columns = 256 KiB (the EPYC here has 512 KiB of L2 per core); 32M rows x 2 columns =
/// 512 MiB, 16x the 32 MiB L3.
/// </remarks>
public static class DataSizes
{
    public const int L2 = 16_384;
    public const int Memory = 32 * 1024 * 1024;
}
