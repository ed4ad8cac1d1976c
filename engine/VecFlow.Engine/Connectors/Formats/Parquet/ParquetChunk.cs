namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// One column chunk of a row group, read a batch of rows at a time: the present values densely, the definition
/// levels apart (for an OPTIONAL column), like Arrow's column readers.
/// </summary>
/// <remarks>
/// <see cref="ParquetSharpChunk"/> reads through ParquetSharp (Apache Arrow's C++ reader) and reads every chunk;
/// <see cref="FixedWidthParquetChunk"/> decodes the pages itself, for the fixed-width columns most scans spend their
/// time in.
/// </remarks>
internal abstract class ParquetChunk : IDisposable
{
    /// <summary>Whether rows are left in the chunk.</summary>
    public abstract bool HasNext { get; }

    /// <summary>
    /// Reads up to <paramref name="values"/>.Length rows: their definition levels into <paramref name="levels"/> (empty
    /// for a REQUIRED column), their present values densely into <paramref name="values"/>; the rows read (0 at the end).
    /// </summary>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not how the chunk's values are held.</exception>
    public abstract int ReadBatch<T>(Span<short> levels, Span<T> values, out int present)
        where T : unmanaged;

    /// <summary>Moves past up to <paramref name="rows"/> rows without returning them; the rows passed.</summary>
    public abstract long Skip(long rows);

    public abstract void Dispose();
}
