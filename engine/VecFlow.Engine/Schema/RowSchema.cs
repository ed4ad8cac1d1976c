using VecFlow.Vector.Types;

namespace VecFlow.Engine.Schema;

/// <summary>One named, typed column of a row schema.</summary>
public sealed record Field(string Name, SqlType Type);

/// <summary>The columns of the batches that flow along one edge of a plan, in order.</summary>
/// <remarks>
/// Nested ROW columns of a table are flattened before they reach a batch: field <c>bid.price</c> of ROW column
/// <c>bid</c> travels as its own column named <c>bid.price</c>. Kernels then never see nested layouts.
/// </remarks>
public sealed class RowSchema(IReadOnlyList<Field> fields)
{
    public IReadOnlyList<Field> Fields { get; } = fields;

    public int Count => Fields.Count;

    public Field this[int index] => Fields[index];

    public IReadOnlyList<string> Names => [.. Fields.Select(f => f.Name)];

    /// <summary>Index of the column named <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public RowSchema Select(IReadOnlyList<int> columns) => new([.. columns.Select(c => Fields[c])]);

    public override string ToString() => $"({string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}"))})";
}
