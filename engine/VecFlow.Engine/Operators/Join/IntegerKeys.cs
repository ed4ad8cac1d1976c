using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Join;

/// <summary>Join keys of the integer types, read as 64-bit values so one exact index serves TINYINT to BIGINT.</summary>
internal static class IntegerKeys
{
    public static bool Supports(SqlType type) => type.Kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt;

    /// <summary>The column's values widened to long (NULL rows hold whatever their slot holds; callers skip them).</summary>
    public static void Widen(ColumnVector column, Span<long> destination)
    {
        switch (column.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                Copy(column.Values<sbyte>(), destination);
                break;
            case SqlTypeKind.SmallInt:
                Copy(column.Values<short>(), destination);
                break;
            case SqlTypeKind.Int:
                Copy(column.Values<int>(), destination);
                break;
            default:
                column.Values<long>()[..destination.Length].CopyTo(destination);
                break;
        }
    }

    /// <summary>The values of a BIGINT column in place, or widened into <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<long> Read(ColumnVector column, int length, ref long[] scratch)
    {
        if (column.Type.Kind == SqlTypeKind.BigInt)
        {
            return column.Values<long>()[..length];
        }

        if (scratch.Length < length)
        {
            scratch = new long[length];
        }

        Widen(column, scratch.AsSpan(0, length));
        return scratch.AsSpan(0, length);
    }

    private static void Copy<T>(ReadOnlySpan<T> source, Span<long> destination)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = long.CreateTruncating(source[i]);
        }
    }
}
