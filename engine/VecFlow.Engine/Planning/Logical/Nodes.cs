using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning.Logical;

/// <summary>Reads the listed physical columns of a catalog table.</summary>
public sealed record ScanNode(CatalogTable Table, IReadOnlyList<int> Columns) : LogicalNode
{
    /// <summary>
    /// Conjuncts of the filter right above this scan that the source may use to skip data (physical column indices);
    /// the filter still checks them, except <see cref="ExactPredicates"/>.
    /// </summary>
    public IReadOnlyList<ScanPredicate> Predicates { get; init; } = [];

    /// <summary>
    /// Those of <see cref="Predicates"/> the source applies exactly (it returns only rows for which they are TRUE,
    /// reading their columns even when not among <see cref="Columns"/>): no filter above checks them any more.
    /// </summary>
    public IReadOnlyList<ScanPredicate> ExactPredicates { get; init; } = [];

    /// <summary>The TopN above whose cut-off filters this scan while it runs (batch mode), or null.</summary>
    public ScanTopNFilter? TopNFilter { get; init; }

    public override RowSchema Schema => Table.PhysicalSchema.Select(Columns);

    public override IReadOnlyList<LogicalNode> Inputs => [];

    public override string Describe()
    {
        ScanPredicate[] skip = [.. Predicates.Where(p => !ExactPredicates.Contains(p))];
        string where = ExactPredicates.Count == 0 ? "" : $", where-exact=[{Describe(ExactPredicates)}]";
        string skipUnless = skip.Length == 0 ? "" : $", skip-unless=[{Describe(skip)}]";
        string dynamic = TopNFilter is { } topN ? $", dynamic-filter=[{Table.PhysicalSchema[topN.Column].Name} from TopN]" : "";
        return $"Scan(table=[{Table.Name}], fields=[{FieldList(Schema)}]{where}{skipUnless}{dynamic})";
    }

    private string Describe(IEnumerable<ScanPredicate> predicates) => string.Join(", ", predicates.Select(p => p.Describe(Table.PhysicalSchema)));

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this;

    public bool Equals(ScanNode? other) =>
        other is not null && Table == other.Table && Columns.SequenceEqual(other.Columns) && Predicates.SequenceEqual(other.Predicates)
        && ExactPredicates.SequenceEqual(other.ExactPredicates) && TopNFilter == other.TopNFilter;

    public override int GetHashCode() => HashCode.Combine(Table.Name, Columns.Count);
}

/// <summary>Constant rows (VALUES, or a SELECT without FROM).</summary>
public sealed record ValuesNode(RowSchema ValuesSchema, IReadOnlyList<IReadOnlyList<ScalarValue>> Rows) : LogicalNode
{
    public override RowSchema Schema => ValuesSchema;

    public override IReadOnlyList<LogicalNode> Inputs => [];

    public override string Describe() => $"Values(rows={Rows.Count}, fields=[{FieldList(Schema)}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this;
}

/// <summary>Keeps the rows where <see cref="Condition"/> is TRUE.</summary>
public sealed record FilterNode(LogicalNode Input, Expr Condition) : LogicalNode
{
    public override RowSchema Schema => Input.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() => $"Filter(condition=[{ExprText.Of(Condition, Input.Schema)}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>Computes one output column per expression.</summary>
public sealed record ProjectNode(LogicalNode Input, IReadOnlyList<Expr> Expressions, IReadOnlyList<string> Names) : LogicalNode
{
    public override RowSchema Schema => new([.. Expressions.Select((e, i) => new Field(Names[i], e.Type))]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"Project({string.Join(", ", Expressions.Select((e, i) => e is ColumnRef c && Input.Schema[c.Index].Name == Names[i] ? Names[i] : $"{ExprText.Of(e, Input.Schema)} AS {Names[i]}"))})";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };

    /// <summary>True when this projection passes every input column through unchanged, in order.</summary>
    public bool IsIdentity => Expressions.Count == Input.Schema.Count
        && Expressions.Select((e, i) => e is ColumnRef c && c.Index == i && Names[i] == Input.Schema[i].Name).All(x => x);
}

/// <summary>Groups by key columns and computes aggregates; output is the keys, then one column per aggregate.</summary>
public sealed record AggregateNode(LogicalNode Input, IReadOnlyList<int> Keys, IReadOnlyList<AggregateCall> Calls) : LogicalNode
{
    public override RowSchema Schema => new([.. Keys.Select(k => Input.Schema[k]), .. Calls.Select(c => new Field(c.Name, c.ResultType))]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"Aggregate(group=[{string.Join(", ", Keys.Select(k => Input.Schema[k].Name))}], select=[{string.Join(", ", Calls.Select(c => $"{Describe(c)} AS {c.Name}"))}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };

    private string Describe(AggregateCall c) =>
        $"{FunctionName(c)}({(c.Distinct ? "DISTINCT " : string.Empty)}{(c.Argument is { } a ? Input.Schema[a].Name : "*")}){(c.Filter is { } f ? $" FILTER {Input.Schema[f].Name}" : string.Empty)}";

    private static string FunctionName(AggregateCall c) => c.Function == Vector.Kernels.AggregateFunction.CountStar ? "COUNT" : c.Function.ToString().ToUpperInvariant();
}

/// <summary>A join; output is the left columns then the right columns (SEMI / ANTI: left only).</summary>
/// <param name="Left">The first (left) input.</param>
/// <param name="Right">The second (right) input.</param>
/// <param name="Kind">The join type.</param>
/// <param name="LeftKeys">Equi-join key columns of the left input.</param>
/// <param name="RightKeys">The matching key columns of the right input.</param>
/// <param name="Condition">The rest of the ON condition, over left ++ right columns; null when none.</param>
public sealed record JoinNode(LogicalNode Left, LogicalNode Right, JoinKind Kind, IReadOnlyList<int> LeftKeys, IReadOnlyList<int> RightKeys, Expr? Condition) : LogicalNode
{
    public override RowSchema Schema => Kind is JoinKind.Semi or JoinKind.Anti
        ? Left.Schema
        : new([.. Left.Schema.Fields.Select(f => Kind is JoinKind.Right or JoinKind.Full ? f with { Type = f.Type.WithNullable(true) } : f),
               .. Right.Schema.Fields.Select(f => Kind is JoinKind.Left or JoinKind.Full ? f with { Type = f.Type.WithNullable(true) } : f)]);

    public override IReadOnlyList<LogicalNode> Inputs => [Left, Right];

    /// <summary>
    /// True for a processing-time temporal join (<c>JOIN t FOR SYSTEM_TIME AS OF left.proctime</c>): the right side is a
    /// bounded table read once and looked up by each left row as it arrives (a hash join in batch mode).
    /// </summary>
    public bool Lookup { get; init; }

    /// <summary>True when batch planning chose to copy the (small) right side to every join subtask instead of hashing both sides (see <see cref="Planning.BroadcastJoinRule"/>).</summary>
    public bool Broadcast { get; init; }

    /// <summary>Left columns then right columns, whatever the join kind (what <see cref="Condition"/> refers to).</summary>
    public RowSchema CombinedSchema => new([.. Left.Schema.Fields, .. Right.Schema.Fields]);

    public override string Describe()
    {
        var keys = LeftKeys.Select((l, i) => $"{Left.Schema[l].Name} = {Right.Schema[RightKeys[i]].Name}");
        string condition = string.Join(" AND ", Condition is null ? keys : keys.Append(ExprText.Of(Condition, CombinedSchema)));
        return $"Join(kind=[{Kind.ToString().ToUpperInvariant()}], condition=[{(condition.Length == 0 ? "true" : condition)}]{(Lookup ? ", lookup=[true]" : string.Empty)}{(Broadcast ? ", broadcast=[right]" : string.Empty)})";
    }

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Left = inputs[0], Right = inputs[1] };
}

/// <summary>ORDER BY, optionally with LIMIT / OFFSET (a TopN).</summary>
public sealed record SortNode(LogicalNode Input, IReadOnlyList<SortKey> Keys, long? Limit, long Offset) : LogicalNode
{
    public override RowSchema Schema => Input.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"Sort(orderBy=[{string.Join(", ", Keys.Select(k => $"{Input.Schema[k.Column].Name} {(k.Descending ? "DESC" : "ASC")} NULLS {(k.NullsFirst ? "FIRST" : "LAST")}"))}]{(Limit is { } l ? $", limit={l}" : string.Empty)}{(Offset > 0 ? $", offset={Offset}" : string.Empty)})";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>LIMIT / OFFSET without an order.</summary>
public sealed record LimitNode(LogicalNode Input, long Limit, long Offset) : LogicalNode
{
    public override RowSchema Schema => Input.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() => $"Limit(limit={Limit}{(Offset > 0 ? $", offset={Offset}" : string.Empty)})";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>UNION ALL of inputs with identical column types.</summary>
public sealed record UnionNode(IReadOnlyList<LogicalNode> Branches) : LogicalNode
{
    public override RowSchema Schema => new([.. Branches[0].Schema.Fields.Select((f, i) => f with { Type = f.Type.WithNullable(Branches.Any(b => b.Schema[i].Type.Nullable)) })]);

    public override IReadOnlyList<LogicalNode> Inputs => Branches;

    public override string Describe() => $"Union(all=[true], fields=[{FieldList(Schema)}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => new UnionNode(inputs);

    public bool Equals(UnionNode? other) => other is not null && Branches.SequenceEqual(other.Branches);

    public override int GetHashCode() => Branches.Count;
}

/// <summary>Writes the input rows into a catalog table.</summary>
public sealed record SinkNode(LogicalNode Input, CatalogTable Table) : LogicalNode
{
    public override RowSchema Schema => Input.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() => $"Sink(table=[{Table.Name}], fields=[{FieldList(Input.Schema)}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>The one row of a scalar subquery: NULLs when the input is empty, an error when it has more than one row.</summary>
public sealed record SingleRowNode(LogicalNode Input) : LogicalNode
{
    public override RowSchema Schema => new([.. Input.Schema.Fields.Select(f => f with { Type = f.Type.WithNullable(true) })]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() => $"SingleRow(fields=[{FieldList(Schema)}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}
