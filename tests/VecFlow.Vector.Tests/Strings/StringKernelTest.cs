using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;

namespace VecFlow.Vector.Tests.Strings;

/// <summary>Base of the string kernel tests: runs a check on random columns of every length 0..257, with and without NULLs.</summary>
public abstract class StringKernelTest : PooledTest
{
    protected StringKernelTest()
    {
        // Leaks still fail the test; recording a stack trace per rent made these sweeps ten times slower.
        Pool.TrackRentSites = false;
    }

    protected void ForEachBatch(
        Action<Random, string?[], ColumnVector, string> check,
        Func<Random, string>? generate = null,
        [CallerMemberName] string test = "")
    {
        for (int n = 0; n <= 257; n++)
        {
            foreach (bool nulls in (bool[])[false, true])
            {
                var rng = new Random((n * 2) + (nulls ? 1 : 0));
                string?[] rows = StringTestData.RandomRows(rng, n, nulls, generate);
                using ColumnVector column = ColumnFactory.FromStrings(rows, Pool);
                check(rng, rows, column, $"{test} (nulls: {nulls})");
            }
        }
    }
}
