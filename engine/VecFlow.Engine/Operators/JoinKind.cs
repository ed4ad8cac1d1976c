namespace VecFlow.Engine.Operators;

/// <summary>The SQL join type, from the point of view of the left (first written) and right input.</summary>
public enum JoinKind
{
    Inner,

    /// <summary>Every left row; right columns NULL where nothing matches.</summary>
    Left,

    /// <summary>Every right row; left columns NULL where nothing matches.</summary>
    Right,

    Full,

    /// <summary>Left rows with at least one match, each once; output is the left columns only (IN / EXISTS).</summary>
    Semi,

    /// <summary>Left rows without any match; output is the left columns only (NOT EXISTS).</summary>
    Anti,
}
