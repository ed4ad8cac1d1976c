using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Functions;

/// <summary>Base for function tests: resolve a call through the catalog, evaluate it on a batch, read the rows back.</summary>
public abstract class FunctionTest : PooledTest
{
    // Leaks are still detected; recording a stack trace per rent would make the length sweeps take tens of seconds.
    protected FunctionTest() => Pool.TrackRentSites = false;

    protected static Literal Text(string? value) => new(value is null ? ScalarValue.Null(SqlType.Varchar) : ScalarValue.String(value));

    protected static Literal Int(int value) => new(ScalarValue.Int(value));

    protected static Literal Big(long value) => new(ScalarValue.BigInt(value));

    protected static Expr Call(string name, params Expr[] arguments) => ScalarFunctionCatalog.Resolve(name, arguments);

    /// <summary>A one-column batch (column $0) with an optional selection of live rows.</summary>
    protected ColumnBatch Batch(ColumnVector column, IEnumerable<int>? live = null) =>
        new(["x"], [column], column.Length, live is null ? null : Selection.FromIndices([.. live], column.Length, Pool));

    protected static ColumnBatch Batch(params ColumnVector[] columns) =>
        new([.. columns.Select((_, i) => "c" + i)], columns, columns.Length == 0 ? 0 : columns[0].Length);

    protected object?[] Eval(Expr expression, ColumnBatch batch)
    {
        using ColumnVector result = new ExpressionEvaluator(Pool).Evaluate(expression, batch);
        Assert.Equal(expression.Type.Kind, result.Type.Kind);
        return ColumnFactory.ToObjects(result);
    }

    /// <summary>Evaluates <paramref name="expression"/> on a batch of one unused row, so that a constant call folds.</summary>
    protected object? EvalConstant(Expr expression)
    {
        using ColumnBatch batch = Batch(ColumnFactory.FromNullable<long>(SqlType.BigInt, [0L], Pool));
        return Eval(expression, batch)[0];
    }

    /// <summary>Random values with about one in eight NULL.</summary>
    protected static T?[] WithNulls<T>(Random random, int n, Func<Random, T> next, bool nulls = true)
        where T : struct =>
        [.. Enumerable.Range(0, n).Select(_ => nulls && random.Next(8) == 0 ? (T?)null : next(random))];
}
