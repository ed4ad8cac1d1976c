using VecFlow.Engine.Catalog;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Planning.Binding;

/// <summary><c>CREATE TABLE t (...) WITH (...) LIKE source (options)</c>: the source's definition merged with the new table's, as Flink does.</summary>
/// <remarks>
/// The source's physical columns always come first, then the new ones. Each feature (constraints, generated columns,
/// options, partitions, watermarks) is INCLUDING (kept; a second definition is an error), EXCLUDING (dropped) or
/// OVERWRITING (kept, but the new table's definitions replace the source's). Without options Flink's default applies:
/// INCLUDING ALL OVERWRITING OPTIONS; later options override earlier ones, so <c>INCLUDING ALL EXCLUDING OPTIONS</c>
/// works as written.
/// </remarks>
internal static class TableLike
{
    private static readonly LikeFeature[] Features = [LikeFeature.Constraints, LikeFeature.Generated, LikeFeature.Metadata, LikeFeature.Options, LikeFeature.Partitions, LikeFeature.Watermarks];

    public static CatalogTable Merge(CatalogTable declared, TableLikeClause like, SessionCatalog catalog)
    {
        string sourceName = like.Source.Last.Value;
        CatalogTable source = catalog.FindTable(sourceName)
            ?? throw new SqlValidationException(like.Source.Span, catalog.FindView(sourceName) is null
                ? $"unknown table '{sourceName}' in LIKE; known tables: {string.Join(", ", catalog.Tables.Select(t => t.Name))}"
                : $"LIKE needs a table, and '{sourceName}' is a view");
        Dictionary<LikeFeature, LikeMergeStrategy> strategies = Strategies(like);

        RowSchema physical = new([.. source.PhysicalSchema.Fields, .. declared.PhysicalSchema.Fields]);

        var computed = strategies[LikeFeature.Generated] switch
        {
            LikeMergeStrategy.Excluding => declared.ComputedColumns,
            LikeMergeStrategy.Overwriting => [.. source.ComputedColumns.Where(c => !declared.ComputedColumns.Any(d => Same(d.Name, c.Name))), .. declared.ComputedColumns],
            _ => (IReadOnlyList<ComputedColumnDefinition>)[.. source.ComputedColumns, .. declared.ComputedColumns],
        };

        WatermarkDefinition? watermark = Single(strategies[LikeFeature.Watermarks], source.Watermark, declared.Watermark, like, "WATERMARKS", "a WATERMARK");
        IReadOnlyList<string> primaryKey = List(strategies[LikeFeature.Constraints], source.PrimaryKey, declared.PrimaryKey, like, "CONSTRAINTS", "a PRIMARY KEY");
        IReadOnlyList<string> partitions = List(strategies[LikeFeature.Partitions], source.PartitionKeys, declared.PartitionKeys, like, "PARTITIONS", "PARTITIONED BY");
        IReadOnlyList<KeyValuePair<string, string>> options = Options(strategies[LikeFeature.Options], source.Options, declared.Options, like);
        return declared with
        {
            PhysicalSchema = physical,
            ComputedColumns = computed,
            Watermark = watermark,
            PrimaryKey = primaryKey,
            PartitionKeys = partitions,
            Options = options,
        };
    }

    private static Dictionary<LikeFeature, LikeMergeStrategy> Strategies(TableLikeClause like)
    {
        var strategies = Features.ToDictionary(f => f, f => f == LikeFeature.Options ? LikeMergeStrategy.Overwriting : LikeMergeStrategy.Including);
        foreach (TableLikeOption option in like.Options)
        {
            if (option.Feature == LikeFeature.All)
            {
                if (option.Strategy == LikeMergeStrategy.Overwriting)
                {
                    throw new SqlValidationException(option.Span, "OVERWRITING ALL is not valid; OVERWRITING applies to GENERATED, OPTIONS and WATERMARKS (INCLUDING ALL OVERWRITING OPTIONS is the default)");
                }

                foreach (LikeFeature feature in Features)
                {
                    strategies[feature] = option.Strategy;
                }
            }
            else if (option.Strategy == LikeMergeStrategy.Overwriting && option.Feature is LikeFeature.Constraints or LikeFeature.Partitions)
            {
                throw new SqlValidationException(option.Span, $"OVERWRITING {option.Feature.ToString().ToUpperInvariant()} is not valid; use INCLUDING or EXCLUDING");
            }
            else
            {
                strategies[option.Feature] = option.Strategy;
            }
        }

        return strategies;
    }

    private static T? Single<T>(LikeMergeStrategy strategy, T? source, T? declared, TableLikeClause like, string feature, string what)
        where T : class => strategy switch
        {
            LikeMergeStrategy.Excluding => declared,
            LikeMergeStrategy.Overwriting => declared ?? source,
            _ when source is not null && declared is not null => throw new SqlValidationException(like.Span, $"both the new table and '{like.Source.Last.Value}' define {what}; use OVERWRITING {feature} or EXCLUDING {feature}"),
            _ => declared ?? source,
        };

    private static IReadOnlyList<string> List(LikeMergeStrategy strategy, IReadOnlyList<string> source, IReadOnlyList<string> declared, TableLikeClause like, string feature, string what) =>
        Single(strategy, source.Count > 0 ? source : null, declared.Count > 0 ? declared : null, like, feature, what) ?? [];

    private static IReadOnlyList<KeyValuePair<string, string>> Options(LikeMergeStrategy strategy, IReadOnlyList<KeyValuePair<string, string>> source, IReadOnlyList<KeyValuePair<string, string>> declared, TableLikeClause like)
    {
        if (strategy == LikeMergeStrategy.Excluding)
        {
            return declared;
        }

        if (strategy == LikeMergeStrategy.Including && declared.FirstOrDefault(d => source.Any(s => Same(s.Key, d.Key))) is { Key: not null } clash)
        {
            throw new SqlValidationException(like.Span, $"the option '{clash.Key}' is set by both the new table and '{like.Source.Last.Value}'; use OVERWRITING OPTIONS or EXCLUDING OPTIONS");
        }

        return [.. source.Where(s => !declared.Any(d => Same(d.Key, s.Key))), .. declared];
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
