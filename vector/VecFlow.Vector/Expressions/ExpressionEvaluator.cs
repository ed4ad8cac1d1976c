using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>Evaluates expression trees a batch at a time through the vector kernels.</summary>
/// <remarks>
/// Every node produces a whole column (or stays a constant); there is no per-row dispatch. Errors count only on live
/// rows: the batch's selection, narrowed inside CASE branches to the rows that take the branch, inside COALESCE to the
/// rows still NULL, and on the right of AND / OR to the rows the left side did not decide. So
/// <c>CASE WHEN b &lt;&gt; 0 THEN a / b END</c> and <c>b &lt;&gt; 0 AND a / b &gt; 1</c> never fail on b = 0, as in Flink.
/// Values on rows outside the selection are unspecified.
/// </remarks>
public sealed class ExpressionEvaluator(BufferPool pool)
{
    /// <summary>Evaluates <paramref name="expression"/> on every physical row of <paramref name="batch"/>.</summary>
    public ColumnVector Evaluate(Expr expression, ColumnBatch batch)
    {
        ReadOnlySpan<ulong> live = batch.Selection is null ? default : batch.Selection.Words;
        using Operand result = Eval(expression, batch, live);
        return Materialize(result, expression.Type, batch.Length);
    }

    /// <summary>
    /// Evaluates every one of <paramref name="expressions"/> on every physical row of <paramref name="batch"/>, computing
    /// an equal deterministic subexpression once (e.g. <c>a * 0.95</c> of both <c>a * 0.95</c> and <c>a * 0.95 * 1.08</c>).
    /// </summary>
    /// <remarks>
    /// Only evaluations on the batch's own live rows are shared: a subexpression under a CASE branch, the right of AND / OR
    /// or a later COALESCE argument sees narrowed rows and is evaluated there as before, so sharing never raises an error
    /// on a row the expression would not have evaluated. The analysis is kept for the last expression list seen.
    /// </remarks>
    public ColumnVector[] EvaluateAll(IReadOnlyList<Expr> expressions, ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(expressions, _sharedFor))
        {
            _shared = RepeatedSubexpressions(expressions);
            _sharedFor = expressions;
        }

        var results = new ColumnVector[expressions.Count];
        int done = 0;
        ReadOnlySpan<ulong> live = batch.Selection is null ? default : batch.Selection.Words;
        _cache = _shared is null ? null : [];
        _cacheBatch = batch;
        try
        {
            for (; done < results.Length; done++)
            {
                using Operand result = Eval(expressions[done], batch, live);
                results[done] = Materialize(result, expressions[done].Type, batch.Length);
            }

            return results;
        }
        catch
        {
            for (int i = 0; i < done; i++)
            {
                results[i].Dispose();
            }

            throw;
        }
        finally
        {
            if (_cache is not null)
            {
                foreach (ColumnVector column in _cache.Values)
                {
                    column.Dispose();
                }
            }

            _cache = null;
            _cacheBatch = null;
        }
    }

    // Subtrees (function calls and casts, deterministic all the way down) that occur more than once in _sharedFor.
    private HashSet<Expr>? _shared;
    private IReadOnlyList<Expr>? _sharedFor;

    // Columns of shared subtrees computed on _cacheBatch's own live rows, during one EvaluateAll call.
    private Dictionary<Expr, ColumnVector>? _cache;
    private ColumnBatch? _cacheBatch;

    private static HashSet<Expr>? RepeatedSubexpressions(IReadOnlyList<Expr> expressions)
    {
        var seen = new Dictionary<Expr, int>();
        var pending = new Stack<Expr>(expressions);
        while (pending.Count > 0)
        {
            Expr expression = pending.Pop();
            if (expression is FunctionCall or CastTo && Deterministic(expression))
            {
                seen[expression] = seen.GetValueOrDefault(expression) + 1;
            }

            foreach (Expr child in expression.Children)
            {
                pending.Push(child);
            }
        }

        HashSet<Expr> repeated = [.. seen.Where(e => e.Value > 1).Select(e => e.Key)];
        return repeated.Count == 0 ? null : repeated;
    }

    private static bool Deterministic(Expr expression) =>
        (expression is not FunctionCall call || call.Function.IsDeterministic) && expression.Children.All(Deterministic);

    /// <summary>Evaluates a node; inside EvaluateAll, a shared subtree on the batch's own live rows comes from (or fills) the cache.</summary>
    private Operand Eval(Expr expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        ReadOnlySpan<ulong> own = batch.Selection is null ? default : batch.Selection.Words;
        if (_cache is null || !ReferenceEquals(batch, _cacheBatch) || live != own || !_shared!.Contains(expression))
        {
            return EvalNode(expression, batch, live);
        }

        if (_cache.TryGetValue(expression, out ColumnVector? cached))
        {
            return Operand.Of(cached.Share());
        }

        Operand result = EvalNode(expression, batch, live);
        if (result.Column is { } column)
        {
            _cache[expression] = column.Share();
        }

        return result;
    }

    /// <summary>The batch's live rows on which <paramref name="predicate"/> is TRUE (WHERE semantics: NULL drops the row).</summary>
    public Selection Filter(Expr predicate, ColumnBatch batch)
    {
        Selection selection = batch.Selection?.Clone(pool) ?? Selection.All(batch.Length, pool);
        try
        {
            using Operand result = Eval(predicate, batch, batch.Selection is null ? default : batch.Selection.Words);
            if (result.Scalar is { } constant)
            {
                if (constant.Value is not true)
                {
                    selection.Words.Clear();
                }
            }
            else
            {
                LogicKernels.ToSelection(result.Column!, selection.Words);
            }

            return selection;
        }
        catch
        {
            selection.Dispose();
            throw;
        }
    }

    private Operand EvalNode(Expr expression, ColumnBatch batch, ReadOnlySpan<ulong> live) => expression switch
    {
        ColumnRef c => Operand.Of(batch.Column(c.Index).Share()),
        Literal l => Operand.Of(l.Value),
        FunctionCall call when call.Function == LogicFunction.And || call.Function == LogicFunction.Or => EvalShortCircuit(call, batch, live),
        FunctionCall call => EvalCall(call, batch, live),
        CaseWhen c => EvalCase(c, batch, live),
        IsNullTest t => EvalIsNull(t, batch, live),
        InList i => EvalIn(i, batch, live),
        Between b => EvalBetween(b, batch, live),
        Coalesce c => EvalCoalesce(c, batch, live),
        CastTo c => EvalCast(c, batch, live),
        _ => throw new NotSupportedException($"Not supported: expression {expression.GetType().Name}."),
    };

    private Operand EvalCall(FunctionCall call, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        var arguments = new List<Operand>(call.Arguments.Count);
        try
        {
            foreach (Expr argument in call.Arguments)
            {
                arguments.Add(Eval(argument, batch, live));
            }

            if (arguments.TrueForAll(a => a.IsScalar))
            {
                // A constant is evaluated once for all rows; with no live row it is not evaluated at all, so a
                // constant 1 / 0 in a CASE branch nobody takes (or over an empty batch) is not an error.
                return NoLiveRow(live, batch.Length)
                    ? Operand.Of(ScalarValue.Null(call.Type))
                    : Operand.Of(call.Function.InvokeScalar([.. arguments.Select(a => a.Scalar!)], pool));
            }

            return Operand.Of(call.Function.Invoke(arguments, batch.Length, live, pool));
        }
        finally
        {
            arguments.ForEach(a => a.Dispose());
        }
    }

    private Operand EvalShortCircuit(FunctionCall call, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        bool isAnd = call.Function == LogicFunction.And;
        int n = batch.Length;
        using Operand left = Eval(call.Arguments[0], batch, live);
        if (left.Scalar is { } l)
        {
            // FALSE AND x = FALSE, TRUE OR x = TRUE, whatever x is; x is not evaluated.
            if (l.Value is bool decided && decided != isAnd)
            {
                return Operand.Of(l);
            }
        }

        using Mask rightLive = Mask.From(live, n, pool);
        if (left.Column is { } lc)
        {
            // Rows the left side decides (FALSE for AND, TRUE for OR) need not evaluate the right side.
            Span<ulong> words = rightLive.Words;
            ReadOnlySpan<ulong> values = lc.BooleanWords;
            ReadOnlySpan<ulong> validity = lc.Validity;
            for (int w = 0; w < words.Length; w++)
            {
                ulong valid = validity.IsEmpty ? ulong.MaxValue : validity[w];
                ulong decided = isAnd ? valid & ~values[w] : valid & values[w];
                words[w] &= ~decided;
            }
        }

        using Operand right = Eval(call.Arguments[1], batch, rightLive.Words);
        return Operand.Of(call.Function.Invoke([left, right], n, live, pool));
    }

    private Operand EvalCase(CaseWhen expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        int n = batch.Length;
        SqlType type = expression.Type;
        using Mask remaining = Mask.From(live, n, pool);
        var takes = new List<Mask>();
        var values = new List<ColumnVector>();
        ColumnVector? result = null;
        try
        {
            foreach (WhenClause branch in expression.Branches)
            {
                if (Bits.PopCount(remaining.Words) == 0)
                {
                    break;
                }

                Mask take = Mask.From(remaining.Words, n, pool);
                takes.Add(take);
                using (Operand condition = Eval(branch.When, batch, remaining.Words))
                {
                    NarrowToTrue(take.Words, condition);
                }

                using Operand then = Eval(branch.Then, batch, take.Words);
                values.Add(Materialize(then, type, n));
                Bits.AndNot(remaining.Words, take.Words, remaining.Words);
            }

            if (expression.Else is null || Bits.PopCount(remaining.Words) == 0)
            {
                result = ColumnFactory.Constant(type, null, n, pool);
            }
            else
            {
                using Operand otherwise = Eval(expression.Else, batch, remaining.Words);
                result = Materialize(otherwise, type, n);
            }

            for (int k = values.Count - 1; k >= 0; k--)
            {
                ColumnVector merged = ChooseKernels.Choose(takes[k].Words, values[k], result, type, pool);
                result.Dispose();
                result = merged;
            }

            ColumnVector done = result;
            result = null;
            return Operand.Of(done);
        }
        finally
        {
            result?.Dispose();
            values.ForEach(v => v.Dispose());
            takes.ForEach(t => t.Dispose());
        }
    }

    private Operand EvalCoalesce(Coalesce expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        int n = batch.Length;
        SqlType type = expression.Type;
        using Mask remaining = Mask.From(live, n, pool);
        var takes = new List<Mask>();
        var values = new List<ColumnVector>();
        ColumnVector? result = null;
        try
        {
            foreach (Expr operand in expression.Operands)
            {
                if (Bits.PopCount(remaining.Words) == 0)
                {
                    break;
                }

                using Operand value = Eval(operand, batch, remaining.Words);
                if (value.Scalar is { IsNull: true })
                {
                    continue;
                }

                Mask take = Mask.From(remaining.Words, n, pool);
                takes.Add(take);
                if (value.Column is { HasNulls: true } column)
                {
                    Bits.And(take.Words, column.Validity, take.Words);
                }

                values.Add(Materialize(value, type, n));
                Bits.AndNot(remaining.Words, take.Words, remaining.Words);
            }

            result = ColumnFactory.Constant(type, null, n, pool);
            for (int k = values.Count - 1; k >= 0; k--)
            {
                ColumnVector merged = ChooseKernels.Choose(takes[k].Words, values[k], result, type, pool);
                result.Dispose();
                result = merged;
            }

            ColumnVector done = result;
            result = null;
            return Operand.Of(done);
        }
        finally
        {
            result?.Dispose();
            values.ForEach(v => v.Dispose());
            takes.ForEach(t => t.Dispose());
        }
    }

    private Operand EvalIsNull(IsNullTest test, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        using Operand operand = Eval(test.Operand, batch, live);
        if (operand.Scalar is { } s)
        {
            return Operand.Of(new ScalarValue(test.Type, s.IsNull != test.Negated));
        }

        return Operand.Of(test.Negated ? LogicKernels.IsNotNull(operand.Column!, pool) : LogicKernels.IsNull(operand.Column!, pool));
    }

    private Operand EvalIn(InList expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        int n = batch.Length;
        using Operand operand = Eval(expression.Operand, batch, live);
        ColumnVector? any = null;
        try
        {
            foreach (Expr candidate in expression.Values)
            {
                using Operand value = Eval(candidate, batch, live);
                using ColumnVector equal = Compare(operand, ComparisonOp.Equal, value, n);
                ColumnVector next = any is null ? equal.Share() : LogicKernels.Or(any, equal, pool);
                any?.Dispose();
                any = next;
            }

            if (any is null)
            {
                return Operand.Of(new ScalarValue(SqlType.Boolean, expression.Negated));
            }

            if (!expression.Negated)
            {
                ColumnVector done = any;
                any = null;
                return Operand.Of(done);
            }

            return Operand.Of(LogicKernels.Not(any, pool));
        }
        finally
        {
            any?.Dispose();
        }
    }

    private Operand EvalBetween(Between expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        int n = batch.Length;
        using Operand operand = Eval(expression.Operand, batch, live);
        using Operand low = Eval(expression.Low, batch, live);
        using Operand high = Eval(expression.High, batch, live);
        using ColumnVector above = Compare(operand, ComparisonOp.GreaterOrEqual, low, n);
        using ColumnVector below = Compare(operand, ComparisonOp.LessOrEqual, high, n);
        if (!expression.Negated)
        {
            return Operand.Of(LogicKernels.And(above, below, pool));
        }

        using ColumnVector inside = LogicKernels.And(above, below, pool);
        return Operand.Of(LogicKernels.Not(inside, pool));
    }

    private Operand EvalCast(CastTo expression, ColumnBatch batch, ReadOnlySpan<ulong> live)
    {
        using Operand operand = Eval(expression.Operand, batch, live);
        if (operand.Scalar is { } s)
        {
            return Operand.Of(s.IsNull || NoLiveRow(live, batch.Length) ? ScalarValue.Null(expression.TargetType) : CastKernels.Cast(s, expression.TargetType));
        }

        return Operand.Of(CastKernels.Cast(operand.Column!, expression.TargetType, live, pool));
    }

    private ColumnVector Compare(Operand left, ComparisonOp op, Operand right, int n)
    {
        if (left.Scalar is { IsNull: true } || right.Scalar is { IsNull: true })
        {
            return ColumnFactory.Constant(SqlType.Boolean, null, n, pool);
        }

        return ComparisonFunction.For(op).Invoke([left, right], n, default, pool);
    }

    private ColumnVector Materialize(Operand operand, SqlType type, int n)
    {
        if (operand.Scalar is { IsNull: true })
        {
            return ColumnFactory.Constant(type, null, n, pool);
        }

        return operand.ToColumn(n, pool);
    }

    private static bool NoLiveRow(ReadOnlySpan<ulong> live, int n) => n == 0 || (!live.IsEmpty && Bits.PopCount(live) == 0);

    private static void NarrowToTrue(Span<ulong> take, Operand condition)
    {
        if (condition.Scalar is { } constant)
        {
            if (constant.Value is not true)
            {
                take.Clear();
            }

            return;
        }

        ColumnVector column = condition.Column!;
        Bits.And(take, column.BooleanWords, take);
        if (column.HasNulls)
        {
            Bits.And(take, column.Validity, take);
        }
    }

    /// <summary>A pooled row bitmap owned by one evaluation step.</summary>
    private readonly struct Mask : IDisposable
    {
        private readonly NativeBuffer _buffer;
        private readonly int _words;

        private Mask(NativeBuffer buffer, int words)
        {
            _buffer = buffer;
            _words = words;
        }

        public Span<ulong> Words => _buffer.Words[.._words];

        /// <summary>A copy of <paramref name="live"/>, or all rows when it is empty.</summary>
        public static Mask From(ReadOnlySpan<ulong> live, int n, BufferPool pool)
        {
            var mask = new Mask(pool.Rent(Bits.ByteCount(n)), Bits.WordCount(n));
            if (live.IsEmpty)
            {
                Bits.SetAll(mask._buffer.Words, n);
            }
            else
            {
                live[..mask._words].CopyTo(mask.Words);
            }

            return mask;
        }

        public void Dispose() => _buffer.Release();
    }
}
