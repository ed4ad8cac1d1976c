namespace VecFlow.Engine.Operators.Join;

/// <summary>What a join kind asks of the build and the probe side once the build side is chosen.</summary>
/// <remarks>
/// Every kind works with either build side: outer rows of the probe side are found per probe batch, outer (and semi /
/// anti) rows of the build side from a bitmap of matched build rows once the probe side has ended.
/// </remarks>
internal sealed class JoinRoles
{
    public JoinRoles(JoinKind kind, JoinSide buildSide)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A join kind is one of Inner, Left, Right, Full, Semi, Anti.");
        }

        if (!Enum.IsDefined(buildSide))
        {
            throw new ArgumentOutOfRangeException(nameof(buildSide), buildSide, "A build side is Left or Right.");
        }

        Kind = kind;
        BuildIsLeft = buildSide == JoinSide.Left;
        bool leftOuter = kind is JoinKind.Left or JoinKind.Full;
        bool rightOuter = kind is JoinKind.Right or JoinKind.Full;
        ProbeOuter = BuildIsLeft ? rightOuter : leftOuter;
        BuildOuter = BuildIsLeft ? leftOuter : rightOuter;
        ProbeSemi = kind == JoinKind.Semi && !BuildIsLeft;
        ProbeAnti = kind == JoinKind.Anti && !BuildIsLeft;
        BuildSemi = kind == JoinKind.Semi && BuildIsLeft;
        BuildAnti = kind == JoinKind.Anti && BuildIsLeft;
    }

    public JoinKind Kind { get; }

    public bool BuildIsLeft { get; }

    /// <summary>Matched pairs are output rows (every kind but Semi and Anti).</summary>
    public bool EmitsPairs => Kind is JoinKind.Inner or JoinKind.Left or JoinKind.Right or JoinKind.Full;

    /// <summary>Unmatched probe rows are output, padded with NULLs.</summary>
    public bool ProbeOuter { get; }

    /// <summary>Unmatched build rows are output, padded with NULLs, after the probe side ended.</summary>
    public bool BuildOuter { get; }

    public bool ProbeSemi { get; }

    public bool ProbeAnti { get; }

    public bool BuildSemi { get; }

    public bool BuildAnti { get; }

    /// <summary>Which build rows matched must be remembered until the probe side ends.</summary>
    public bool TracksBuildMatches => BuildOuter || BuildSemi || BuildAnti;

    /// <summary>Probe rows that can never match (NULL keys) are still output.</summary>
    public bool KeepsUnmatchedProbe => ProbeOuter || ProbeAnti;

    /// <summary>Build rows that can never match (NULL keys) are still output.</summary>
    public bool KeepsUnmatchedBuild => BuildOuter || BuildAnti;

    /// <summary>Output of the join: left columns then right columns (only left for Semi / Anti); outer sides nullable.</summary>
    public static Schema.RowSchema OutputSchema(JoinKind kind, Schema.RowSchema left, Schema.RowSchema right)
    {
        if (kind is JoinKind.Semi or JoinKind.Anti)
        {
            return left;
        }

        bool leftNullable = kind is JoinKind.Right or JoinKind.Full;
        bool rightNullable = kind is JoinKind.Left or JoinKind.Full;
        return new Schema.RowSchema(
        [
            .. left.Fields.Select(f => leftNullable ? f with { Type = f.Type.WithNullable(true) } : f),
            .. right.Fields.Select(f => rightNullable ? f with { Type = f.Type.WithNullable(true) } : f),
        ]);
    }
}
