namespace VecFlow.Vector.Expressions;

internal static class TemporalSignatures
{
    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
    }

    public static Expr FloorOrCeil(IReadOnlyList<Expr> a, bool ceiling) => throw new NotImplementedException();
}
