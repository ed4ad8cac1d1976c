namespace VecFlow.State.Descriptors;

/// <summary>The shape of a keyed state: what one (key, namespace) holds.</summary>
public enum StateKind
{
    /// <summary>One value.</summary>
    Value = 1,

    /// <summary>An ordered list of values, appended to.</summary>
    List = 2,

    /// <summary>A map of user keys to values.</summary>
    Map = 3,

    /// <summary>One value that every add folds in with a reduce function.</summary>
    Reducing = 4,
}
