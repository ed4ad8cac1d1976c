using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Graph;

/// <summary>Structural equality of logical subtrees (what sub-plan reuse shares), and whether a subtree is deterministic.</summary>
/// <remarks>
/// Records compare their list members by reference, so two bindings of the same SQL text are not equal as records.
/// This compares what the nodes hold, field by field: records, structs and sequences member-wise, everything else by
/// its own equality (scalar functions are singletons, catalog tables the catalog's objects). Anything it cannot tell
/// apart counts as different, which only costs a missed reuse. The hash is the nodes' EXPLAIN text, which equal trees
/// share.
/// </remarks>
internal sealed class PlanStructure : IEqualityComparer<LogicalNode>
{
    private const int MaxDepth = 256;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Fields = new();
    private readonly Dictionary<LogicalNode, int> _hashes = new(ReferenceEqualityComparer.Instance);

    public bool Equals(LogicalNode? x, LogicalNode? y) => Same(x, y, 0);

    public int GetHashCode(LogicalNode node)
    {
        if (!_hashes.TryGetValue(node, out int hash))
        {
            var combined = new HashCode();
            combined.Add(node.GetType());
            combined.Add(node.Describe(), StringComparer.Ordinal);
            foreach (LogicalNode input in node.Inputs)
            {
                combined.Add(GetHashCode(input));
            }

            hash = combined.ToHashCode();
            _hashes[node] = hash;
        }

        return hash;
    }

    /// <summary>
    /// False when the subtree reads a clock or anything else that may differ between two evaluations (PROCTIME() and the
    /// other time functions, processing-time windows): two copies of it are not the same rows, so it is never shared.
    /// </summary>
    public static bool IsDeterministic(LogicalNode node) => Deterministic(node, 0);

    private static bool Deterministic(object? value, int depth)
    {
        switch (value)
        {
            case null or string or ScalarFunction or Catalog.CatalogTable:
                // A table's own definition is not evaluated by the node (its computed columns are bound into a calc above).
                return true;
            case FunctionCall call when !call.Function.IsDeterministic || call.Function is Vector.Expressions.Functions.QueryTimeFunction:
                return false;
            case Operators.Streaming.StreamWindowAggregateNode { ProcessingTime: true }:
                return false;
        }

        Type type = value.GetType();
        if (IsAtom(value))
        {
            return true;
        }

        if (depth > MaxDepth)
        {
            return false;
        }

        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                if (!Deterministic(item, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        return !IsMemberWise(type) || FieldsOf(type).All(f => Deterministic(f.GetValue(value), depth + 1));
    }

    private static bool Same(object? x, object? y, int depth)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.GetType() != y.GetType() || depth > MaxDepth)
        {
            return false;
        }

        Type type = x.GetType();
        if (IsAtom(x))
        {
            return x.Equals(y);
        }

        if (x is IEnumerable xs && y is IEnumerable ys)
        {
            IEnumerator left = xs.GetEnumerator();
            IEnumerator right = ys.GetEnumerator();
            while (true)
            {
                bool more = left.MoveNext();
                if (more != right.MoveNext())
                {
                    return false;
                }

                if (!more)
                {
                    return true;
                }

                if (!Same(left.Current, right.Current, depth + 1))
                {
                    return false;
                }
            }
        }

        return IsMemberWise(type) ? FieldsOf(type).All(f => Same(f.GetValue(x), f.GetValue(y), depth + 1)) : x.Equals(y);
    }

    /// <summary>Values compared by their own equality and holding nothing to walk into.</summary>
    private static bool IsAtom(object value) =>
        value.GetType() is { IsPrimitive: true } or { IsEnum: true } || value is string or decimal or Int128 or UInt128 or DateTime or TimeSpan or Delegate;

    /// <summary>Records and structs compare member-wise; other classes by their own equality.</summary>
    private static bool IsMemberWise(Type type) => type.IsValueType || type.GetMethod("<Clone>$") is not null;

    private static FieldInfo[] FieldsOf(Type type) => Fields.GetOrAdd(type, t =>
    {
        var fields = new List<FieldInfo>();
        for (Type? level = t; level is not null && level != typeof(object); level = level.BaseType)
        {
            fields.AddRange(level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        }

        return [.. fields];
    });
}
