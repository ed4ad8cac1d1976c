using System.Globalization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>Reads the operands of a function call: constants that steer a kernel, and columns it runs over.</summary>
internal static class OperandValues
{
    public static bool IsNullConstant(IReadOnlyList<Operand> arguments, int index) => arguments[index].Scalar is { IsNull: true };

    /// <summary>True when any operand is the constant NULL, which makes every row of a NULL-propagating function NULL.</summary>
    public static bool AnyNullConstant(IReadOnlyList<Operand> arguments) => arguments.Any(a => a.Scalar is { IsNull: true });

    /// <summary>A constant argument that must be a literal (a pattern, a unit, a number of digits).</summary>
    public static string ConstantText(IReadOnlyList<Operand> arguments, int index, string function, string what) =>
        arguments[index].Scalar is { Value: string text }
            ? text
            : throw new NotSupportedException($"Not supported: a non-constant {what} in {function}; write a literal there.");

    /// <summary>A constant integer argument (any integer type).</summary>
    public static long ConstantInteger(IReadOnlyList<Operand> arguments, int index, string function, string what) =>
        arguments[index].Scalar is { Value: IConvertible value and not string }
            ? value.ToInt64(CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"Not supported: a non-constant {what} in {function}; write a literal there.");

    /// <summary>The operand as a column of <paramref name="length"/> rows; the caller disposes it.</summary>
    public static ColumnVector Column(IReadOnlyList<Operand> arguments, int index, int length, BufferPool pool) =>
        arguments[index].ToColumn(length, pool);

    /// <summary>All operands as columns; the caller disposes them.</summary>
    public static ColumnSet Columns(IReadOnlyList<Operand> arguments, int length, BufferPool pool) => new([.. arguments.Select(a => a.ToColumn(length, pool))]);

    /// <summary>Columns owned together by one kernel call.</summary>
    public readonly struct ColumnSet(ColumnVector[] columns) : IDisposable
    {
        public ColumnVector this[int index] => columns[index];

        public void Dispose()
        {
            foreach (ColumnVector column in columns)
            {
                column.Dispose();
            }
        }
    }
}
