using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Sort;

/// <summary>Seeded random rows with NULLs, duplicates, non-ASCII strings, decimals and special doubles.</summary>
internal static class SortTestData
{
    public static readonly string[] Words = ["", "a", "A", "ab", "b", "z", "é", "éa", "日本", "日", "😀", "\uFFFD", "zz", "Ω"];

    /// <summary>(k INT, s STRING, d DOUBLE, m DECIMAL(20, 2), b BOOLEAN, id BIGINT NOT NULL): id is the input position.</summary>
    public static RowSchema Schema { get; } = new([
        new Field("k", SqlType.Int),
        new Field("s", SqlType.Varchar),
        new Field("d", SqlType.Double),
        new Field("m", SqlType.Decimal(20, 2)),
        new Field("b", SqlType.Boolean),
        new Field("id", SqlType.BigInt.WithNullable(false)),
    ]);

    public const int Id = 5;

    public static List<object?[]> Rows(int seed, int count, int keyRange = 20)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>(count);
        for (int i = 0; i < count; i++)
        {
            rows.Add([
                random.Next(10) == 0 ? null : random.Next(-keyRange, keyRange),
                random.Next(8) == 0 ? null : Words[random.Next(Words.Length)],
                random.Next(10) == 0 ? null : Double(random),
                random.Next(9) == 0 ? null : (Int128)random.Next(-500, 500) * (random.Next(3) == 0 ? 1_000_000_000_000L : 1),
                random.Next(7) == 0 ? null : random.Next(2) == 0,
                (long)i,
            ]);
        }

        return rows;
    }

    private static double Double(Random random) => random.Next(12) switch
    {
        0 => double.NaN,
        1 => -0.0,
        2 => double.PositiveInfinity,
        3 => double.NegativeInfinity,
        _ => Math.Round((random.NextDouble() - 0.5) * 20, 1),
    };
}
