using System.Buffers;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>
/// HASH_BUCKET(x, n): the stable 64-bit hash of x (<see cref="HashKernels"/>, NULL included) reduced to a bucket in
/// [0, n); an INT that is never NULL.
/// </summary>
/// <remarks>
/// The planner's, not SQL's: split distinct aggregation groups by it so one key's distinct values spread over n
/// partial groups. The same value lands in the same bucket on every machine and run, which savepoints rely on.
/// </remarks>
public static class HashBucketFunction
{
    public static BatchFunction Instance { get; } = new("HASH_BUCKET", Invoke);

    public static SqlType ResultType { get; } = SqlType.Int.WithNullable(false);

    private static ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ulong count = Convert.ToUInt64(arguments[1].Scalar?.Value ?? throw new ArgumentException("HASH_BUCKET takes a constant bucket count"), System.Globalization.CultureInfo.InvariantCulture);
        using ColumnVector input = arguments[0].ToColumn(length, pool);
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(length);
        NativeBuffer values = pool.Rent(length * sizeof(int));
        try
        {
            Span<ulong> hashed = hashes.AsSpan(0, length);
            HashKernels.Hash(input, hashed);
            Span<int> buckets = values.As<int>()[..length];
            for (int i = 0; i < length; i++)
            {
                buckets[i] = (int)(hashed[i] % count);
            }

            return ColumnVector.FromBuffers(ResultType, length, null, values);
        }
        catch
        {
            values.Release();
            throw;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
        }
    }
}
