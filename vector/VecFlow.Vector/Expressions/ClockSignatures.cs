namespace VecFlow.Vector.Expressions;

internal static class ClockSignatures
{
    public static Dictionary<string, Func<IReadOnlyList<Expr>, ResolutionContext, Expr>> Build() => [];
}
