using System.Globalization;
using System.Numerics;
using VecFlow.Vector.Errors;

namespace VecFlow.Vector.Kernels;

/// <summary>The SQL errors arithmetic raises, with messages that name the values, the type and its valid range.</summary>
internal static class ArithmeticErrors
{
    public static SqlRuntimeException IntegerOverflow<T>(int row, T x, char op, T y)
        where T : IMinMaxValue<T>, IFormattable =>
        new(
            SqlErrorKind.ArithmeticOverflow,
            row,
            $"{IntegerTypeName<T>()} overflow: {Text(x)} {op} {Text(y)} is outside the {IntegerTypeName<T>()} range {Text(T.MinValue)}..{Text(T.MaxValue)}");

    public static SqlRuntimeException NegationOverflow(int row, string typeName, string value) =>
        new(SqlErrorKind.ArithmeticOverflow, row, $"{typeName} overflow: -({value}) is outside the {typeName} range");

    public static SqlRuntimeException FloatingOverflow<T>(int row, T x, char op, T y)
        where T : IFormattable =>
        new(
            SqlErrorKind.ArithmeticOverflow,
            row,
            $"{FloatingTypeName<T>()} overflow: {Text(x)} {op} {Text(y)} is outside the finite {FloatingTypeName<T>()} range");

    public static SqlRuntimeException DivisionByZero(int row, string x, char op, string y) =>
        new(SqlErrorKind.DivisionByZero, row, $"division by zero: {x} {op} {y}");

    public static SqlRuntimeException DivisionByZero<T>(int row, T x, char op, T y)
        where T : IFormattable => DivisionByZero(row, Text(x), op, Text(y));

    public static string Text<T>(T value)
        where T : IFormattable =>
        value switch
        {
            double d => SqlTextFormatter.DoubleText(d),
            float f => SqlTextFormatter.FloatText(f),
            _ => value.ToString(null, CultureInfo.InvariantCulture),
        };

    public static string IntegerTypeName<T>() =>
        typeof(T) == typeof(sbyte) ? "TINYINT"
        : typeof(T) == typeof(short) ? "SMALLINT"
        : typeof(T) == typeof(int) ? "INT"
        : "BIGINT";

    public static string FloatingTypeName<T>() => typeof(T) == typeof(float) ? "FLOAT" : "DOUBLE";
}
