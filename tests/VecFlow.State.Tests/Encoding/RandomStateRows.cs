using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.State.Tests.Encoding;

/// <summary>Random field values for state-row encoding tests: every type a state row holds, NULLs, non-ASCII text.</summary>
internal static class RandomStateRows
{
    /// <summary>Sets fields 0..types.Count-1 of <paramref name="row"/> (number <paramref name="index"/>), each NULL one time in <paramref name="nullOneIn"/>.</summary>
    public static void Fill(StateRow row, IReadOnlyList<SqlType> types, Random random, int index, int nullOneIn)
    {
        for (int f = 0; f < types.Count; f++)
        {
            if (random.Next(nullOneIn) == 0)
            {
                row.SetNull(f);
                continue;
            }

            switch (types[f].Kind)
            {
                case SqlTypeKind.Varchar: row.SetString(f, new string('x', random.Next(40)) + "é" + index); break;
                case SqlTypeKind.Double: row.SetDouble(f, (random.NextDouble() - 0.5) * 1e9); break;
                case SqlTypeKind.Float: row.SetDouble(f, (float)random.NextDouble()); break;
                case SqlTypeKind.Decimal: row.SetDecimal(f, (Int128)random.NextInt64() * -1000); break;
                case SqlTypeKind.Boolean: row.SetInt64(f, random.Next(2)); break;
                case SqlTypeKind.TinyInt: row.SetInt64(f, random.Next(-128, 128)); break;
                case SqlTypeKind.SmallInt: row.SetInt64(f, random.Next(short.MinValue, short.MaxValue)); break;
                case SqlTypeKind.Int or SqlTypeKind.Date: row.SetInt64(f, random.Next(int.MinValue, int.MaxValue)); break;
                default: row.SetInt64(f, random.NextInt64(long.MinValue, long.MaxValue)); break;
            }
        }
    }
}
