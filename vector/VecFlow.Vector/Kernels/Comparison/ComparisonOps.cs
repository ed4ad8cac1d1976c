namespace VecFlow.Vector.Kernels;

/// <summary>Rewrites and spellings of <see cref="ComparisonOp"/>.</summary>
public static class ComparisonOps
{
    /// <summary>The operator that gives the same answer with the operands swapped: <c>a &lt; b</c> is <c>b &gt; a</c>.</summary>
    public static ComparisonOp Flip(this ComparisonOp op) => op switch
    {
        ComparisonOp.Equal => ComparisonOp.Equal,
        ComparisonOp.NotEqual => ComparisonOp.NotEqual,
        ComparisonOp.Less => ComparisonOp.Greater,
        ComparisonOp.LessOrEqual => ComparisonOp.GreaterOrEqual,
        ComparisonOp.Greater => ComparisonOp.Less,
        ComparisonOp.GreaterOrEqual => ComparisonOp.LessOrEqual,
        _ => throw Unknown(op),
    };

    /// <summary>The SQL spelling: <c>=</c>, <c>&lt;&gt;</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
    public static string ToSql(this ComparisonOp op) => op switch
    {
        ComparisonOp.Equal => "=",
        ComparisonOp.NotEqual => "<>",
        ComparisonOp.Less => "<",
        ComparisonOp.LessOrEqual => "<=",
        ComparisonOp.Greater => ">",
        ComparisonOp.GreaterOrEqual => ">=",
        _ => throw Unknown(op),
    };

    /// <summary>Whether the operator holds for operands whose three-way order is <paramref name="order"/> (negative, 0, positive).</summary>
    public static bool Holds(this ComparisonOp op, int order) => op switch
    {
        ComparisonOp.Equal => order == 0,
        ComparisonOp.NotEqual => order != 0,
        ComparisonOp.Less => order < 0,
        ComparisonOp.LessOrEqual => order <= 0,
        ComparisonOp.Greater => order > 0,
        ComparisonOp.GreaterOrEqual => order >= 0,
        _ => throw Unknown(op),
    };

    internal static ArgumentOutOfRangeException Unknown(ComparisonOp op) =>
        new(nameof(op), op, "Not a comparison operator; valid are Equal, NotEqual, Less, LessOrEqual, Greater and GreaterOrEqual.");
}
