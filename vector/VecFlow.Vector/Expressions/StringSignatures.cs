using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>Signatures of the string functions: argument checks, casts and result types.</summary>
internal static class StringSignatures
{
    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
        table["UPPER"] = a => Call(StringFunction.Upper, a, "UPPER(string)", [Text], a[0].Type);
        table["LOWER"] = a => Call(StringFunction.Lower, a, "LOWER(string)", [Text], a[0].Type);
        table["CHAR_LENGTH"] = a => Call(StringFunction.CharLength, a, "CHAR_LENGTH(string)", [Text], SqlType.Int.WithNullable(a[0].Type.Nullable));
        table["CHARACTER_LENGTH"] = table["CHAR_LENGTH"];
        table["SUBSTRING"] = a => a.Count == 2
            ? Call(StringFunction.Substring, a, "SUBSTRING(string, start [, length])", [Text, Integer], a[0].Type)
            : Call(StringFunction.Substring, a, "SUBSTRING(string, start [, length])", [Text, Integer, Integer], a[0].Type);
        table["SUBSTR"] = table["SUBSTRING"];
        table["CONCAT"] = a =>
        {
            if (a.Count == 0 || !a.All(x => IsText(x.Type)))
            {
                throw Mismatch("CONCAT(string, string, ...)", a);
            }

            return new FunctionCall(StringFunction.Concat, a, SqlType.Varchar.WithNullable(a.Any(x => x.Type.Nullable)));
        };
        table["CONCAT_WS"] = a =>
        {
            if (a.Count < 2 || !a.All(x => IsText(x.Type)))
            {
                throw Mismatch("CONCAT_WS(separator, string, string, ...)", a);
            }

            // NULL literals become typed STRING NULLs so the kernel sees string columns only.
            var typed = a.Select(x => x.Type.Kind == SqlTypeKind.Null ? new CastTo(x, SqlType.Varchar) : x).ToList();
            return new FunctionCall(StringFunction.ConcatWs, typed, SqlType.Varchar.WithNullable(a[0].Type.Nullable));
        };
        table["TRIM"] = a => Call(StringFunction.Trim, a, "TRIM([characters FROM] string)", a.Count == 1 ? [Text] : [Text, Text], a[0].Type);
        table["LTRIM"] = a => Call(StringFunction.TrimLeading, a, "LTRIM(string)", a.Count == 1 ? [Text] : [Text, Text], a[0].Type);
        table["RTRIM"] = a => Call(StringFunction.TrimTrailing, a, "RTRIM(string)", a.Count == 1 ? [Text] : [Text, Text], a[0].Type);
        table["REPLACE"] = a => Call(StringFunction.Replace, a, "REPLACE(string, search, replacement)", [Text, Text, Text], SqlType.Varchar.WithNullable(a.Any(x => x.Type.Nullable)));
        table["POSITION"] = a => Call(StringFunction.Position, a, "POSITION(needle IN string)", [Text, Text], SqlType.Int.WithNullable(a.Any(x => x.Type.Nullable)));
    }

    internal static bool IsText(SqlType type) => type.Kind is SqlTypeKind.Varchar or SqlTypeKind.Null;

    internal static FunctionResolutionException Mismatch(string signature, IReadOnlyList<Expr> arguments) =>
        new($"Cannot apply {signature.Split('(')[0]} to ({string.Join(", ", arguments.Select(x => x.Type))}); valid: {signature}.");

    private static readonly Func<SqlType, bool> Text = IsText;

    private static readonly Func<SqlType, bool> Integer = t => t.IsInteger || t.Kind == SqlTypeKind.Null;

    private static FunctionCall Call(ScalarFunction function, IReadOnlyList<Expr> arguments, string signature, Func<SqlType, bool>[] accepts, SqlType result)
    {
        if (arguments.Count != accepts.Length || arguments.Where((x, i) => !accepts[i](x.Type)).Any())
        {
            throw Mismatch(signature, arguments);
        }

        // Integer positions and lengths travel as BIGINT constants, which is what the string kernels read.
        var cast = arguments.Select(x => x.Type.IsInteger && x.Type.Kind != SqlTypeKind.BigInt ? new CastTo(x, SqlType.BigInt.WithNullable(x.Type.Nullable)) : x).ToList();
        return new FunctionCall(function, cast, result);
    }
}
