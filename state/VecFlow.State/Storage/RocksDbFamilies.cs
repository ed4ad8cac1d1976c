using RocksDbSharp;

namespace VecFlow.State.Storage;

/// <summary>The options every state column family is created and opened with (also read-only, to read a snapshot).</summary>
internal static class RocksDbFamilies
{
    /// <summary>
    /// Bloom filters on whole keys: most reads of a growing state (a new DISTINCT value, a new group) miss, and without
    /// a filter every miss reads an index and a data block of every SST level. The list-head merge operator
    /// (<see cref="ListHeadAppend"/>): a family that holds merge operands cannot be read without it.
    /// The returned options must stay reachable while the family is open: they keep the operator's callbacks alive.
    /// </summary>
    public static ColumnFamilyOptions Options()
    {
        var table = new BlockBasedTableOptions()
            .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
            .SetWholeKeyFiltering(true)
            .SetFormatVersion(5);
        return new ColumnFamilyOptions().SetBlockBasedTableFactory(table).SetMergeOperator(ListHeadAppend.Create());
    }
}
