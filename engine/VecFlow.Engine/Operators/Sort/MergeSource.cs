using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>One sorted input of a k-way merge (a spilled run or the sorted in-memory tail), positioned on its current row.</summary>
internal abstract class MergeSource(int order) : IDisposable
{
    /// <summary>Position among the runs in input order; breaks ties so the merge is stable.</summary>
    public int Order { get; } = order;

    /// <summary>Key values of the current row: row <see cref="KeyRow"/> of <see cref="Keys"/>.</summary>
    public SortKeyBlock Keys { get; protected set; } = null!;

    public int KeyRow { get; protected set; }

    /// <summary>The batch holding the current row, at <see cref="Row"/>.</summary>
    public ColumnBatch Batch { get; protected set; } = null!;

    public int Row { get; protected set; }

    /// <summary>Moves to the next row; false at the end. A batch left behind goes to <paramref name="retired"/> (disposed by the merge once gathered).</summary>
    public abstract bool MoveNext(List<ColumnBatch> retired);

    public abstract void Dispose();
}
