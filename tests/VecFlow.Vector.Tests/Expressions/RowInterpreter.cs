using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Expressions;

/// <summary>A row-at-a-time reference interpreter: plain, obviously-correct SQL semantics to check the evaluator.</summary>
/// <remarks>
/// Values: null, bool, long (BIGINT), int (INT), double, string. Errors are <see cref="ReferenceError"/>. AND, OR,
/// CASE and COALESCE evaluate lazily, as SQL engines with short-circuit evaluation do; everything else evaluates all
/// of its arguments.
/// </remarks>
internal static class RowInterpreter
{
    public static object? Evaluate(Expr expression, object?[] row) => expression switch
    {
        ColumnRef c => row[c.Index],
        Literal l => l.Value.Value,
        FunctionCall call => EvaluateCall(call, row),
        CaseWhen c => EvaluateCase(c, row),
        IsNullTest t => (Evaluate(t.Operand, row) is null) != t.Negated,
        InList i => EvaluateIn(i, row),
        Between b => EvaluateBetween(b, row),
        Coalesce c => c.Operands.Select(o => Evaluate(o, row)).FirstOrDefault(v => v is not null),
        CastTo c => Cast(Evaluate(c.Operand, row), c.TargetType.Kind),
        _ => throw new NotSupportedException(expression.GetType().Name),
    };

    private static object? EvaluateCall(FunctionCall call, object?[] row)
    {
        ScalarFunction f = call.Function;
        if (f == LogicFunction.And)
        {
            object? left = Evaluate(call.Arguments[0], row);
            if (left is false)
            {
                return false;
            }

            object? right = Evaluate(call.Arguments[1], row);
            return right is false ? false : left is null || right is null ? null : true;
        }

        if (f == LogicFunction.Or)
        {
            object? left = Evaluate(call.Arguments[0], row);
            if (left is true)
            {
                return true;
            }

            object? right = Evaluate(call.Arguments[1], row);
            return right is true ? true : left is null || right is null ? null : false;
        }

        object?[] args = [.. call.Arguments.Select(a => Evaluate(a, row))];
        if (f == LogicFunction.Not)
        {
            return args[0] is null ? null : !(bool)args[0]!;
        }

        if (f is ComparisonFunction cmp)
        {
            return args[0] is null || args[1] is null ? null : CompareHolds(cmp.Op, CompareValues(args[0]!, args[1]!));
        }

        if (f is ArithmeticFunction arith)
        {
            return args[0] is null || args[1] is null ? null : Arithmetic(arith.Op, args[0]!, args[1]!);
        }

        if (f == NegateFunction.Instance)
        {
            return args[0] switch
            {
                null => null,
                long v => v == long.MinValue ? throw new ReferenceError("overflow") : -v,
                double d => -d,
                _ => throw new NotSupportedException(),
            };
        }

        if (f == StringFunction.Concat)
        {
            return args.Any(a => a is null) ? null : string.Concat(args.Cast<string>());
        }

        if (args[0] is null && f != StringFunction.Position)
        {
            return null;
        }

        if (f == StringFunction.Upper)
        {
            return ((string)args[0]!).ToUpperInvariant();
        }

        if (f == StringFunction.Lower)
        {
            return ((string)args[0]!).ToLowerInvariant();
        }

        if (f == StringFunction.CharLength)
        {
            return CodePoints((string)args[0]!).Length;
        }

        if (f == StringFunction.Trim)
        {
            return ((string)args[0]!).Trim(' ');
        }

        if (f == StringFunction.Substring)
        {
            string[] cps = CodePoints((string)args[0]!);
            long start = Convert.ToInt64(args[1], CultureInfo.InvariantCulture);
            long length = args.Length > 2 ? Convert.ToInt64(args[2], CultureInfo.InvariantCulture) : long.MaxValue / 2;
            int from = (int)Math.Clamp(start - 1, 0, cps.Length);
            int to = (int)Math.Clamp(start - 1 + length, 0, cps.Length);
            return string.Concat(cps[from..Math.Max(from, to)]);
        }

        if (f == StringFunction.Like)
        {
            string pattern = (string)args[1]!;
            var regex = new StringBuilder("^");
            foreach (string cp in CodePoints(pattern))
            {
                // '_' is one code point: a surrogate pair or one other UTF-16 unit.
                regex.Append(cp switch { "%" => "(?:.)*", "_" => "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|.)", _ => Regex.Escape(cp) });
            }

            return Regex.IsMatch((string)args[0]!, regex.Append('$').ToString(), RegexOptions.Singleline);
        }

        throw new NotSupportedException(f.Name);
    }

    private static object? EvaluateCase(CaseWhen c, object?[] row)
    {
        foreach (WhenClause branch in c.Branches)
        {
            if (Evaluate(branch.When, row) is true)
            {
                return Evaluate(branch.Then, row);
            }
        }

        return c.Else is null ? null : Evaluate(c.Else, row);
    }

    private static object? EvaluateIn(InList i, object?[] row)
    {
        object? value = Evaluate(i.Operand, row);
        object?[] candidates = [.. i.Values.Select(v => Evaluate(v, row))];
        bool? found = false;
        foreach (object? candidate in candidates)
        {
            if (value is null || candidate is null)
            {
                found = found == true ? true : null;
            }
            else if (CompareValues(value, candidate) == 0)
            {
                found = true;
            }
        }

        return found is null ? null : found.Value != i.Negated;
    }

    private static object? EvaluateBetween(Between b, object?[] row)
    {
        object? value = Evaluate(b.Operand, row);
        object? low = Evaluate(b.Low, row);
        object? high = Evaluate(b.High, row);
        bool? above = value is null || low is null ? null : CompareValues(value, low) >= 0;
        bool? below = value is null || high is null ? null : CompareValues(value, high) <= 0;
        bool? inside = above == false || below == false ? false : above is null || below is null ? null : true;
        return inside is null ? null : inside.Value != b.Negated;
    }

    private static int CompareValues(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x < y ? -1 : x > y ? 1 : 0,
        (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
        (bool x, bool y) => x.CompareTo(y),
        (int x, int y) => x.CompareTo(y),
        _ => throw new NotSupportedException($"{a.GetType()} vs {b.GetType()}"),
    };

    private static bool CompareHolds(ComparisonOp op, int c) => op switch
    {
        ComparisonOp.Equal => c == 0,
        ComparisonOp.NotEqual => c != 0,
        ComparisonOp.Less => c < 0,
        ComparisonOp.LessOrEqual => c <= 0,
        ComparisonOp.Greater => c > 0,
        _ => c >= 0,
    };

    private static object Arithmetic(ArithmeticOp op, object a, object b)
    {
        try
        {
            return (a, b) switch
            {
                (long x, long y) => (object)(op switch
                {
                    ArithmeticOp.Add => checked(x + y),
                    ArithmeticOp.Subtract => checked(x - y),
                    ArithmeticOp.Multiply => checked(x * y),
                    ArithmeticOp.Divide => y == 0 ? throw new ReferenceError("division by zero") : x == long.MinValue && y == -1 ? throw new ReferenceError("overflow") : x / y,
                    _ => y == 0 ? throw new ReferenceError("division by zero") : y == -1 ? 0L : x % y,
                }),
                (double x, double y) => (object)(op switch
                {
                    ArithmeticOp.Add => x + y,
                    ArithmeticOp.Subtract => x - y,
                    ArithmeticOp.Multiply => x * y,
                    ArithmeticOp.Divide => y == 0 ? throw new ReferenceError("division by zero") : x / y,
                    _ => y == 0 ? throw new ReferenceError("division by zero") : x % y,
                }),
                _ => throw new NotSupportedException(),
            };
        }
        catch (OverflowException)
        {
            throw new ReferenceError("overflow");
        }
    }

    private static object? Cast(object? value, Types.SqlTypeKind target) => (value, target) switch
    {
        (null, _) => null,
        (int i, Types.SqlTypeKind.BigInt) => (long)i,
        (long l, Types.SqlTypeKind.Double) => (double)l,
        (int i, Types.SqlTypeKind.Double) => (double)i,
        (long l, Types.SqlTypeKind.Int) => l is < int.MinValue or > int.MaxValue ? throw new ReferenceError("cast overflow") : (int)l,
        (int i, Types.SqlTypeKind.Int) => i,
        (long l, Types.SqlTypeKind.BigInt) => l,
        _ => throw new NotSupportedException($"cast {value.GetType()} to {target}"),
    };

    private static string[] CodePoints(string s)
    {
        var result = new List<string>();
        for (int i = 0; i < s.Length; i += char.IsSurrogatePair(s, i) ? 2 : 1)
        {
            result.Add(char.IsSurrogatePair(s, i) ? s.Substring(i, 2) : s[i].ToString());
        }

        return [.. result];
    }
}

/// <summary>The reference interpreter's SQL error.</summary>
internal sealed class ReferenceError(string message) : Exception(message);
