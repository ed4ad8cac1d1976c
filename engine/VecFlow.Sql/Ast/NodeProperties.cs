using System.Collections.Concurrent;
using System.Reflection;

namespace VecFlow.Sql.Ast;

/// <summary>
/// The structural properties of each node type (the record's positional members, minus the span), read by
/// reflection once per type so that comparison and traversal never need updating when a node type is added.
/// </summary>
internal static class NodeProperties
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Cache = new();

    public static PropertyInfo[] Of(Type nodeType) => Cache.GetOrAdd(nodeType, static type =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name != nameof(SqlNode.Span) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)]);
}
