namespace VecFlow.Vector.Batches;

/// <summary>The change a streaming row describes; stored as a TINYINT column with these byte values.</summary>
public enum RowKind : sbyte
{
    /// <summary>+I: a new row.</summary>
    Insert = 0,

    /// <summary>-U: the old version of an updated row, retracted.</summary>
    UpdateBefore = 1,

    /// <summary>+U: the new version of an updated row.</summary>
    UpdateAfter = 2,

    /// <summary>-D: a row retracted for good.</summary>
    Delete = 3,
}

/// <summary>Short forms of row kinds as Flink prints them.</summary>
public static class RowKindText
{
    public static string ToShortString(this RowKind kind) => kind switch
    {
        RowKind.Insert => "+I",
        RowKind.UpdateBefore => "-U",
        RowKind.UpdateAfter => "+U",
        RowKind.Delete => "-D",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Row kinds are +I, -U, +U and -D."),
    };

    /// <summary>True for -U and -D, the kinds that retract an earlier row.</summary>
    public static bool IsRetraction(this RowKind kind) => kind is RowKind.UpdateBefore or RowKind.Delete;
}
