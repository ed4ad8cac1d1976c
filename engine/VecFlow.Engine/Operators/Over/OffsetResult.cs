using VecFlow.Engine.Operators.Sort;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>LAG / LEAD results: each row takes the argument of a picked region row, or its own default (NULL without one).</summary>
internal sealed class OffsetResult(int argument, int? defaultColumn, SqlType type, int rows) : OverResult
{
    /// <summary>Region row whose argument is the result, or -1 for the row's default.</summary>
    public int[] Rows { get; } = new int[rows];

    public override ColumnVector Slice(OverRegion region, int from, int count, BufferPool pool)
    {
        int[] sources = new int[count];
        int[] rows = new int[count];
        int[] ownSources = new int[count];
        int[] ownRows = new int[count];
        ulong[] picked = new ulong[Bits.WordCount(count)];
        for (int i = 0; i < count; i++)
        {
            int own = from + i;
            int row = Rows[own];
            ownSources[i] = region.SourceOf[own];
            ownRows[i] = region.RowOf[own];
            if (row >= 0)
            {
                Bits.Set(picked, i);
            }

            // A row without a picked row gathers its own argument; the mask discards it.
            int at = row >= 0 ? row : own;
            sources[i] = region.SourceOf[at];
            rows[i] = region.RowOf[at];
        }

        using ColumnVector values = RowGather.GatherColumn(region.Sources, argument, sources, rows, pool);
        using ColumnVector defaults = defaultColumn is { } d
            ? RowGather.GatherColumn(region.Sources, d, ownSources, ownRows, pool)
            : ColumnFactory.Constant(type, null, count, pool);
        return ChooseKernels.Choose(picked, values, defaults, type, pool);
    }
}
