using VecFlow.Vector.Columns;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>An aggregate that can fold its rows while <see cref="IntegerKeyTable"/> maps their keys, in one pass.</summary>
internal interface IIntegerKeyFusedUpdate
{
    /// <summary>
    /// Maps every row's key (all live, none NULL) into <paramref name="ids"/> and folds <paramref name="values"/> into
    /// the groups, exactly as Map, EnsureGroups and Update would; false (nothing done) when it cannot take these values.
    /// </summary>
    bool TryMapAndUpdate(IntegerKeyTable table, ColumnVector key, ColumnVector values, Span<int> ids);
}
