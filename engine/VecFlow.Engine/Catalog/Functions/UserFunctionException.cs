namespace VecFlow.Engine.Catalog.Functions;

/// <summary>A user function that cannot be loaded or called as written; the binder adds the SQL position.</summary>
public sealed class UserFunctionException(string message) : Exception(message);
