using System.Collections;

namespace VecFlow.Sql.Ast;

/// <summary>Compares AST nodes by structure, ignoring their spans: two parses of the same SQL compare equal.</summary>
/// <remarks>
/// A binder uses it to match expressions (a SELECT item against a GROUP BY expression); tests use it to check that
/// printing and re-parsing gives the same tree.
/// </remarks>
public sealed class SqlNodeComparer : IEqualityComparer<SqlNode>
{
    public static SqlNodeComparer Instance { get; } = new();

    public bool Equals(SqlNode? x, SqlNode? y) => ValuesEqual(x, y);

    public int GetHashCode(SqlNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ValueHash(obj);
    }

    private static bool ValuesEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (a is SqlNode)
        {
            if (a.GetType() != b.GetType())
            {
                return false;
            }

            foreach (var property in NodeProperties.Of(a.GetType()))
            {
                if (!ValuesEqual(property.GetValue(a), property.GetValue(b)))
                {
                    return false;
                }
            }

            return true;
        }

        // Lists compare by content whatever their concrete type (array, List, collection expression).
        if (a is IEnumerable left && a is not string)
        {
            if (b is not IEnumerable || b is string)
            {
                return false;
            }

            IEnumerator right = ((IEnumerable)b).GetEnumerator();
            foreach (object? item in left)
            {
                if (!right.MoveNext() || !ValuesEqual(item, right.Current))
                {
                    return false;
                }
            }

            return !right.MoveNext();
        }

        return a.Equals(b);
    }

    private static int ValueHash(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case SqlNode node:
                var hash = new HashCode();
                hash.Add(node.GetType());
                foreach (var property in NodeProperties.Of(node.GetType()))
                {
                    hash.Add(ValueHash(property.GetValue(node)));
                }

                return hash.ToHashCode();
            case IEnumerable items when value is not string:
                var listHash = new HashCode();
                foreach (object? item in items)
                {
                    listHash.Add(ValueHash(item));
                }

                return listHash.ToHashCode();
            default:
                return value.GetHashCode();
        }
    }
}
