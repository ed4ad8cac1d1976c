using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>String functions over VARCHAR columns; pattern and position arguments must be constants.</summary>
public sealed class StringFunction : ScalarFunction
{
    private readonly Func<IReadOnlyList<Operand>, int, BufferPool, ColumnVector> _invoke;

    private StringFunction(string name, Func<IReadOnlyList<Operand>, int, BufferPool, ColumnVector> invoke)
    {
        Name = name;
        _invoke = invoke;
    }

    public override string Name { get; }

    public static StringFunction Upper { get; } = new("UPPER", (a, n, p) => Unary(a, n, p, StringKernels.Upper));

    public static StringFunction Lower { get; } = new("LOWER", (a, n, p) => Unary(a, n, p, StringKernels.Lower));

    public static StringFunction CharLength { get; } = new("CHAR_LENGTH", (a, n, p) => Unary(a, n, p, StringKernels.CharLength));

    /// <summary>SUBSTRING(s, start [, length]).</summary>
    public static StringFunction Substring { get; } = new("SUBSTRING", (a, n, p) =>
    {
        long start = Constant<long>(a, 1, "SUBSTRING", "start position");
        long? length = a.Count > 2 ? Constant<long>(a, 2, "SUBSTRING", "length") : null;
        if (IsNullConstant(a, 1) || (a.Count > 2 && IsNullConstant(a, 2)))
        {
            return ColumnFactory.Constant(SqlType.Varchar, null, n, p);
        }

        using ColumnVector input = a[0].ToColumn(n, p);
        return StringKernels.Substring(input, start, length, p);
    });

    public static StringFunction Concat { get; } = new("CONCAT", (a, n, p) =>
    {
        var columns = a.Select(x => x.ToColumn(n, p)).ToList();
        try
        {
            return StringKernels.Concat(columns, p);
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    });

    /// <summary>CONCAT_WS(separator, s1, ...): NULL separator gives NULL, NULL arguments are skipped.</summary>
    public static StringFunction ConcatWs { get; } = new("CONCAT_WS", (a, n, p) =>
    {
        var columns = a.Select(x => x.ToColumn(n, p)).ToList();
        try
        {
            return SeparatedConcat.ConcatWs(columns[0], columns.GetRange(1, columns.Count - 1), p);
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    });

    /// <summary>TRIM(BOTH ' ' FROM s); LTRIM / RTRIM are the LEADING / TRAILING forms.</summary>
    public static StringFunction Trim { get; } = Trimming("TRIM", TrimMode.Both);

    public static StringFunction TrimLeading { get; } = Trimming("LTRIM", TrimMode.Leading);

    public static StringFunction TrimTrailing { get; } = Trimming("RTRIM", TrimMode.Trailing);

    /// <summary>s LIKE pattern [ESCAPE c].</summary>
    public static StringFunction Like { get; } = new("LIKE", (a, n, p) =>
    {
        if (IsNullConstant(a, 1))
        {
            return ColumnFactory.Constant(SqlType.Boolean, null, n, p);
        }

        string pattern = Constant<string>(a, 1, "LIKE", "pattern");
        char? escape = a.Count > 2 ? Constant<string>(a, 2, "LIKE", "escape character") is { Length: 1 } e
            ? e[0]
            : throw new ArgumentException("The ESCAPE of LIKE must be a single character.") : null;
        using ColumnVector input = a[0].ToColumn(n, p);
        return StringKernels.Like(input, pattern, escape, p);
    });

    public static StringFunction Replace { get; } = new("REPLACE", (a, n, p) =>
    {
        if (IsNullConstant(a, 1) || IsNullConstant(a, 2))
        {
            return ColumnFactory.Constant(SqlType.Varchar, null, n, p);
        }

        using ColumnVector input = a[0].ToColumn(n, p);
        return StringKernels.Replace(input, Constant<string>(a, 1, "REPLACE", "search string"), Constant<string>(a, 2, "REPLACE", "replacement"), p);
    });

    public static StringFunction Position { get; } = new("POSITION", (a, n, p) =>
    {
        if (IsNullConstant(a, 0))
        {
            return ColumnFactory.Constant(SqlType.Int, null, n, p);
        }

        using ColumnVector input = a[1].ToColumn(n, p);
        return StringKernels.Position(input, Constant<string>(a, 0, "POSITION", "needle"), p);
    });

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool) =>
        _invoke(arguments, length, pool);

    private static StringFunction Trimming(string name, TrimMode mode) => new(name, (a, n, p) =>
    {
        string characters = a.Count > 1 ? Constant<string>(a, 1, name, "characters to trim") : " ";
        using ColumnVector input = a[0].ToColumn(n, p);
        return StringKernels.Trim(input, mode, characters, p);
    });

    private static ColumnVector Unary(IReadOnlyList<Operand> a, int n, BufferPool p, Func<ColumnVector, BufferPool, ColumnVector> kernel)
    {
        using ColumnVector input = a[0].ToColumn(n, p);
        return kernel(input, p);
    }

    private static bool IsNullConstant(IReadOnlyList<Operand> a, int index) => a[index].Scalar is { IsNull: true };

    private static T Constant<T>(IReadOnlyList<Operand> a, int index, string function, string what)
    {
        if (a[index].Scalar is not { } scalar)
        {
            throw new NotSupportedException($"Not supported: a non-constant {what} in {function}; write a literal there.");
        }

        object? value = scalar.Value;
        if (typeof(T) == typeof(long) && value is IConvertible convertible and not string)
        {
            return (T)(object)convertible.ToInt64(System.Globalization.CultureInfo.InvariantCulture);
        }

        return value is T typed ? typed : default!;
    }
}
