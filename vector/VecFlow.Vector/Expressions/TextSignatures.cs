using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.SignatureRules;

namespace VecFlow.Vector.Expressions;

/// <summary>Signatures of the regular-expression and text-shaping functions (REGEXP_*, SPLIT_INDEX, LPAD, INITCAP, ...).</summary>
/// <remarks>
/// Patterns, delimiters, pads, counts and positions must be literals: patterns are compiled and checked here, once, and
/// an invalid one is a resolution error (Flink returns NULL for every row instead, which hides the mistake). A NULL
/// literal makes the call NULL. The integer arguments are read as BIGINT.
/// </remarks>
internal static class TextSignatures
{
    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
        table["REGEXP"] = a => Regex(TextFunctions.Regexp, a, "REGEXP(string, pattern literal)", 2, 2, SqlType.Boolean.WithNullable(a.Any(x => x.Type.Nullable)));
        table["REGEXP_EXTRACT"] = a => Regex(TextFunctions.RegexpExtract, a, "REGEXP_EXTRACT(string, pattern literal [, group literal])", 2, 3, SqlType.Varchar);
        table["REGEXP_REPLACE"] = a => Regex(TextFunctions.RegexpReplace, a, "REGEXP_REPLACE(string, pattern literal, replacement literal)", 3, 3, SqlType.Varchar.WithNullable(a.Any(x => x.Type.Nullable)));
        table["SPLIT_INDEX"] = a => WithLiterals(TextFunctions.SplitIndex, a, "SPLIT_INDEX(string, delimiter literal, index literal)", [Literal.Text, Literal.Integer], SqlType.Varchar);
        table["LPAD"] = a => Pad(TextFunctions.Lpad, a, "LPAD(string, length literal, pad literal)");
        table["RPAD"] = a => Pad(TextFunctions.Rpad, a, "RPAD(string, length literal, pad literal)");
        table["INITCAP"] = a => WithLiterals(TextFunctions.InitCap, a, "INITCAP(string)", [], a.Count > 0 ? a[0].Type : SqlType.Varchar);
        table["REVERSE"] = a => WithLiterals(TextFunctions.Reverse, a, "REVERSE(string)", [], a.Count > 0 ? a[0].Type : SqlType.Varchar);
        table["LEFT"] = a => WithLiterals(TextFunctions.Left, a, "LEFT(string, length literal)", [Literal.Integer], Nullable(a));
        table["RIGHT"] = a => WithLiterals(TextFunctions.Right, a, "RIGHT(string, length literal)", [Literal.Integer], Nullable(a));
        table["REPEAT"] = a => WithLiterals(TextFunctions.Repeat, a, "REPEAT(string, count literal)", [Literal.Integer], Nullable(a));
        table["LOCATE"] = Locate;
    }

    private enum Literal
    {
        Text,
        Integer,
    }

    private static SqlType Nullable(IReadOnlyList<Expr> a) => SqlType.Varchar.WithNullable(a.Any(x => x.Type.Nullable));

    private static Expr Regex(ScalarFunction function, IReadOnlyList<Expr> a, string signature, int min, int max, SqlType result)
    {
        Require(a.Count >= min && a.Count <= max, signature, a);
        Literal[] literals = a.Count switch
        {
            2 => [Literal.Text],
            _ when function == TextFunctions.RegexpExtract => [Literal.Text, Literal.Integer],
            _ => [Literal.Text, Literal.Text],
        };
        Expr call = WithLiterals(function, a, signature, literals, result);
        if (call is not FunctionCall)
        {
            return call;
        }

        string pattern = TextLiteral(a[1], signature, "the pattern")!;
        try
        {
            System.Text.RegularExpressions.Regex regex = RegexCache.Get(pattern);
            if (a.Count == 3 && function == TextFunctions.RegexpExtract)
            {
                long group = IntegerLiteral(a[2], signature, a, "the group")!.Value;
                int groups = regex.GetGroupNumbers().Max();
                if (group < 0 || group > groups)
                {
                    throw new FunctionResolutionException($"REGEXP_EXTRACT group {group} does not exist in '{pattern}'; valid: 0..{groups}.");
                }
            }

            if (a.Count == 3 && function == TextFunctions.RegexpReplace)
            {
                _ = JavaRegex.TranslateReplacement(TextLiteral(a[2], signature, "the replacement")!);
            }
        }
        catch (ArgumentException error)
        {
            throw new FunctionResolutionException($"{function.Name}: {error.Message}");
        }

        return call;
    }

    private static Expr Pad(ScalarFunction function, IReadOnlyList<Expr> a, string signature)
    {
        Expr call = WithLiterals(function, a, signature, [Literal.Integer, Literal.Text], Nullable(a));
        if (call is FunctionCall && (IntegerLiteral(a[1], signature, a, "the length") < 0 || TextLiteral(a[2], signature, "the pad") is { Length: 0 }))
        {
            // Flink: a negative length or an empty pad gives NULL.
            return NullOf(SqlType.Varchar);
        }

        return call;
    }

    private static Expr Locate(IReadOnlyList<Expr> a)
    {
        const string signature = "LOCATE(needle literal, string [, start literal])";
        Require(a.Count is 2 or 3 && a.Count > 1 && IsText(a[1].Type), signature, a);
        SqlType result = SqlType.Int.WithNullable(a.Any(x => x.Type.Nullable));
        if (a.Count == 2)
        {
            // LOCATE(needle, s) is POSITION(needle IN s).
            Require(IsText(a[0].Type), signature, a);
            return new FunctionCall(StringFunction.Position, [a[0], a[1]], result);
        }

        if (TextLiteral(a[0], signature, "the needle") is null || IntegerLiteral(a[2], signature, a, "the start position") is null)
        {
            return NullOf(SqlType.Int);
        }

        return new FunctionCall(TextFunctions.Locate, [a[0], a[1], Cast(a[2], SqlType.BigInt)], result);
    }

    /// <summary>A call on a string and then literal arguments of the given kinds; NULL when a literal is NULL.</summary>
    private static Expr WithLiterals(ScalarFunction function, IReadOnlyList<Expr> a, string signature, Literal[] literals, SqlType result)
    {
        Require(a.Count == literals.Length + 1 && IsText(a[0].Type), signature, a);
        var arguments = new List<Expr> { IsNull(a[0].Type) ? Cast(a[0], SqlType.Varchar) : a[0] };
        for (int i = 0; i < literals.Length; i++)
        {
            Expr argument = a[i + 1];
            bool isNull = literals[i] == Literal.Text
                ? TextLiteral(argument, signature, "argument " + (i + 2)) is null
                : IntegerLiteral(argument, signature, a, "argument " + (i + 2)) is null;
            if (isNull)
            {
                return NullOf(result);
            }

            arguments.Add(literals[i] == Literal.Integer ? Cast(argument, SqlType.BigInt) : argument);
        }

        return new FunctionCall(function, arguments, result);
    }
}
