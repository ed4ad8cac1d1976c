using System.Numerics;
using System.Runtime.InteropServices;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>Picks the operator struct for (element type, operator) and runs it through <see cref="CheckedBinaryDriver"/>.</summary>
internal static class ArithmeticSpans
{
    /// <summary>The span-level entry for any supported element type: TINYINT..BIGINT checked, FLOAT/DOUBLE with overflow and zero checks.</summary>
    public static void Invoke<T>(ArithmeticOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool yScalar, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte))
        {
            Integer(op, Reinterpret<T, sbyte>(x), Reinterpret<T, sbyte>(y), yScalar, MemoryMarshal.Cast<T, sbyte>(destination), live);
        }
        else if (typeof(T) == typeof(short))
        {
            Integer(op, Reinterpret<T, short>(x), Reinterpret<T, short>(y), yScalar, MemoryMarshal.Cast<T, short>(destination), live);
        }
        else if (typeof(T) == typeof(int))
        {
            Integer(op, Reinterpret<T, int>(x), Reinterpret<T, int>(y), yScalar, MemoryMarshal.Cast<T, int>(destination), live);
        }
        else if (typeof(T) == typeof(long))
        {
            Integer(op, Reinterpret<T, long>(x), Reinterpret<T, long>(y), yScalar, MemoryMarshal.Cast<T, long>(destination), live);
        }
        else if (typeof(T) == typeof(float))
        {
            Floating(op, Reinterpret<T, float>(x), Reinterpret<T, float>(y), yScalar, MemoryMarshal.Cast<T, float>(destination), live);
        }
        else if (typeof(T) == typeof(double))
        {
            Floating(op, Reinterpret<T, double>(x), Reinterpret<T, double>(y), yScalar, MemoryMarshal.Cast<T, double>(destination), live);
        }
        else
        {
            throw new NotSupportedException($"SQL arithmetic is defined on sbyte, short, int, long, float and double, not {typeof(T).Name}.");
        }
    }

    public static void Integer<T>(ArithmeticOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool yScalar, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
    {
        switch (op)
        {
            case ArithmeticOp.Add:
                Run<T, CheckedAdd<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Subtract:
                Run<T, CheckedSubtract<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Multiply:
                Run<T, CheckedMultiply<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Divide:
                Run<T, CheckedDivide<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Modulo:
                Run<T, CheckedModulo<T>>(x, y, yScalar, destination, live);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown arithmetic operator.");
        }
    }

    public static void Floating<T>(ArithmeticOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool yScalar, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case ArithmeticOp.Add:
                Run<T, FloatingAdd<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Subtract:
                Run<T, FloatingSubtract<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Multiply:
                Run<T, FloatingMultiply<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Divide:
                Run<T, FloatingDivide<T>>(x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Modulo:
                Run<T, FloatingModulo<T>>(x, y, yScalar, destination, live);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown arithmetic operator.");
        }
    }

    /// <summary>Column op column, or column op constant when <paramref name="yScalar"/> (y holds one value).</summary>
    public static void Run<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool yScalar, Span<T> destination, ReadOnlySpan<ulong> live)
        where TOp : ICheckedBinaryOperator<T>
    {
        if (yScalar)
        {
            CheckedBinaryDriver.Invoke<T, TOp>(x, y[0], destination, live);
        }
        else
        {
            CheckedBinaryDriver.Invoke<T, TOp>(x, y, destination, live);
        }
    }

    private static ReadOnlySpan<TTo> Reinterpret<TFrom, TTo>(ReadOnlySpan<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged => MemoryMarshal.Cast<TFrom, TTo>(span);
}
