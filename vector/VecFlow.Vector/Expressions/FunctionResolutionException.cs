namespace VecFlow.Vector.Expressions;

/// <summary>A function name that does not exist, or arguments it cannot take; the binder adds the SQL position.</summary>
public sealed class FunctionResolutionException(string message) : Exception(message);
