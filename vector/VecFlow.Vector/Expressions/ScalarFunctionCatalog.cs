using System.Collections.Frozen;

namespace VecFlow.Vector.Expressions;

/// <summary>Resolves a named SQL scalar function and its bound arguments to a typed expression.</summary>
/// <remarks>
/// The binder calls <see cref="Resolve(string, IReadOnlyList{Expr}, ResolutionContext)"/> for every named function (operators such as <c>+</c>, <c>=</c>, AND, LIKE,
/// CASE and CAST are bound directly). Special syntax is passed as plain arguments: <c>EXTRACT(HOUR FROM ts)</c> is
/// <c>EXTRACT('HOUR', ts)</c>, <c>FLOOR(ts TO DAY)</c> is <c>FLOOR(ts, 'DAY')</c>, <c>TIMESTAMPADD(MINUTE, n, ts)</c> is
/// <c>TIMESTAMPADD('MINUTE', n, ts)</c>, the unit being an uppercase VARCHAR literal. A resolver checks argument
/// count and types, inserts the casts the function needs, and derives the result type; a mismatch is a
/// <see cref="FunctionResolutionException"/> that lists the valid signatures.
/// </remarks>
public static class ScalarFunctionCatalog
{
    private static readonly FrozenDictionary<string, Func<IReadOnlyList<Expr>, Expr>> Resolvers = Build();

    private static readonly FrozenDictionary<string, Func<IReadOnlyList<Expr>, ResolutionContext, Expr>> ContextResolvers =
        ClockSignatures.Build().ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names of all built-in scalar functions.</summary>
    public static IEnumerable<string> Names => Resolvers.Keys.Concat(ContextResolvers.Keys).Order(StringComparer.Ordinal);

    public static bool Contains(string name) => Resolvers.ContainsKey(name) || ContextResolvers.ContainsKey(name);

    /// <summary>A typed call of function <paramref name="name"/> (case-insensitive) on <paramref name="arguments"/>.</summary>
    public static Expr Resolve(string name, IReadOnlyList<Expr> arguments) => Resolve(name, arguments, ResolutionContext.Default);

    /// <summary>As <see cref="Resolve(string, IReadOnlyList{Expr})"/>, with the query clock and session time zone of <paramref name="context"/>.</summary>
    public static Expr Resolve(string name, IReadOnlyList<Expr> arguments, ResolutionContext context)
    {
        if (ContextResolvers.TryGetValue(name, out var resolveInContext))
        {
            return resolveInContext(arguments, context);
        }

        return Resolvers.TryGetValue(name, out var resolve)
            ? resolve(arguments)
            : throw new FunctionResolutionException($"Unknown function '{name}'.");
    }

    private static FrozenDictionary<string, Func<IReadOnlyList<Expr>, Expr>> Build()
    {
        var table = new Dictionary<string, Func<IReadOnlyList<Expr>, Expr>>(StringComparer.OrdinalIgnoreCase);
        StringSignatures.Register(table);
        MathSignatures.Register(table);
        ConditionalSignatures.Register(table);
        TextSignatures.Register(table);
        TemporalSignatures.Register(table);
        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
