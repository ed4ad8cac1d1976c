using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors;

/// <summary>A writable table.</summary>
public interface ITableSink
{
    /// <summary>Opens the writer of one parallel instance (subtask) of the sink.</summary>
    ISinkWriter Open(OperatorContext context);
}

/// <summary>Writes batches whose columns match the sink table's physical schema, in order.</summary>
public interface ISinkWriter : IDisposable
{
    /// <summary>Writes the live rows of <paramref name="batch"/>; the writer disposes the batch.</summary>
    void Write(ColumnBatch batch);

    /// <summary>Flushes and makes everything written visible (a part file is complete only after this).</summary>
    void Finish();
}
