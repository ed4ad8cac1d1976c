using System.Runtime.Intrinsics;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels;

// Three-valued AND / OR: a result is known (valid) when it is TRUE or when it is FALSE whatever the NULL side holds.
//   AND: TRUE = Ta & Tb, FALSE = Fa | Fb        OR: TRUE = Ta | Tb, FALSE = Fa & Fb
// where T = value & valid and F = valid & ~value.

/// <summary>SQL AND: FALSE AND NULL = FALSE, TRUE AND NULL = NULL.</summary>
internal readonly struct KleeneAnd : IKleeneOperator
{
    public static ulong Invoke(ulong a, ulong b) => a & b;

    public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a & b;

    public static ulong Invoke(ulong a, ulong aValid, ulong b, ulong bValid, out ulong valid)
    {
        ulong isTrue = a & aValid & b & bValid;
        valid = isTrue | (aValid & ~a) | (bValid & ~b);
        return isTrue;
    }

    public static Vector256<ulong> Invoke(
        Vector256<ulong> a, Vector256<ulong> aValid, Vector256<ulong> b, Vector256<ulong> bValid, out Vector256<ulong> valid)
    {
        Vector256<ulong> isTrue = a & aValid & b & bValid;
        valid = isTrue | Vector256.AndNot(aValid, a) | Vector256.AndNot(bValid, b);
        return isTrue;
    }
}

/// <summary>SQL OR: TRUE OR NULL = TRUE, FALSE OR NULL = NULL.</summary>
internal readonly struct KleeneOr : IKleeneOperator
{
    public static ulong Invoke(ulong a, ulong b) => a | b;

    public static Vector256<ulong> Invoke(Vector256<ulong> a, Vector256<ulong> b) => a | b;

    public static ulong Invoke(ulong a, ulong aValid, ulong b, ulong bValid, out ulong valid)
    {
        ulong isTrue = (a & aValid) | (b & bValid);
        valid = isTrue | (aValid & ~a & bValid & ~b);
        return isTrue;
    }

    public static Vector256<ulong> Invoke(
        Vector256<ulong> a, Vector256<ulong> aValid, Vector256<ulong> b, Vector256<ulong> bValid, out Vector256<ulong> valid)
    {
        Vector256<ulong> isTrue = (a & aValid) | (b & bValid);
        valid = isTrue | (Vector256.AndNot(aValid, a) & Vector256.AndNot(bValid, b));
        return isTrue;
    }
}

// The IS tests on (value, validity) word pairs; never NULL. Padding comes out set where a side is complemented, and
// the callers clear it.

/// <summary>IS TRUE: valid and true.</summary>
internal readonly struct IsTrueWords : IBitwiseOperator
{
    public static ulong Invoke(ulong value, ulong valid) => value & valid;

    public static Vector256<ulong> Invoke(Vector256<ulong> value, Vector256<ulong> valid) => value & valid;
}

/// <summary>IS FALSE: valid and false.</summary>
internal readonly struct IsFalseWords : IBitwiseOperator
{
    public static ulong Invoke(ulong value, ulong valid) => valid & ~value;

    public static Vector256<ulong> Invoke(Vector256<ulong> value, Vector256<ulong> valid) => Vector256.AndNot(valid, value);
}

/// <summary>IS NOT TRUE: false or NULL.</summary>
internal readonly struct IsNotTrueWords : IBitwiseOperator
{
    public static ulong Invoke(ulong value, ulong valid) => ~(value & valid);

    public static Vector256<ulong> Invoke(Vector256<ulong> value, Vector256<ulong> valid) => ~(value & valid);
}

/// <summary>IS NOT FALSE: true or NULL.</summary>
internal readonly struct IsNotFalseWords : IBitwiseOperator
{
    public static ulong Invoke(ulong value, ulong valid) => value | ~valid;

    public static Vector256<ulong> Invoke(Vector256<ulong> value, Vector256<ulong> valid) => value | ~valid;
}
