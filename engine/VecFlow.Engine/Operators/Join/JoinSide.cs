namespace VecFlow.Engine.Operators.Join;

/// <summary>Which input of a join (as written in SQL) a hash join builds its table from.</summary>
public enum JoinSide
{
    Left,

    Right,
}
