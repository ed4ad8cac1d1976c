using ParquetSharp;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>A column chunk read by ParquetSharp: every physical type, encoding and codec Apache Arrow's C++ reader knows.</summary>
internal sealed class ParquetSharpChunk(ColumnReader reader) : ParquetChunk
{
    public override bool HasNext => reader.HasNext;

    public override int ReadBatch<T>(Span<short> levels, Span<T> values, out int present)
    {
        if (reader is not ColumnReader<T> typed)
        {
            throw new InvalidCastException($"the chunk decodes as {reader.GetType().Name}");
        }

        long read = typed.ReadBatch(values.Length, levels, default, values, out long count);
        present = (int)count;
        return (int)read;
    }

    public override long Skip(long rows) => reader.Skip(rows);

    public override void Dispose() => reader.Dispose();
}
