using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.SignatureRules;

namespace VecFlow.Vector.Expressions;

/// <summary>Functions that depend on the query's clock or session time zone (<see cref="ResolutionContext"/>).</summary>
/// <remarks>
/// CURRENT_TIMESTAMP / NOW() / PROCTIME(): TIMESTAMP_LTZ(3); LOCALTIMESTAMP: TIMESTAMP(3); CURRENT_DATE: DATE;
/// CURRENT_TIME / LOCALTIME: TIME; UNIX_TIMESTAMP(): BIGINT seconds; all NOT NULL (see <see cref="QueryTimeFunction"/>).
/// FROM_UNIXTIME(seconds [, format]) formats in the session time zone, default 'yyyy-MM-dd HH:mm:ss'.
/// </remarks>
internal static class ClockSignatures
{
    public static Dictionary<string, Func<IReadOnlyList<Expr>, ResolutionContext, Expr>> Build()
    {
        var table = new Dictionary<string, Func<IReadOnlyList<Expr>, ResolutionContext, Expr>>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in new[] { "CURRENT_TIMESTAMP", "NOW", "PROCTIME", "LOCALTIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME" })
        {
            table[name] = (a, context) => QueryTime(name, a, context);
        }

        table["UNIX_TIMESTAMP"] = (a, context) => QueryTime("UNIX_TIMESTAMP", a, context);
        table["FROM_UNIXTIME"] = FromUnixTime;
        return table;
    }

    private static FunctionCall QueryTime(string name, IReadOnlyList<Expr> a, ResolutionContext context)
    {
        Require(a.Count == 0, name + "()", a);
        var function = QueryTimeFunction.Create(name, context.Clock);
        return new FunctionCall(function, [], function.ResultType.WithNullable(false));
    }

    private static Expr FromUnixTime(IReadOnlyList<Expr> a, ResolutionContext context)
    {
        const string signature = "FROM_UNIXTIME(integer seconds [, format literal])";
        Require(a.Count is 1 or 2 && IsInteger(a[0].Type) && (a.Count == 1 || IsText(a[1].Type)), signature, a);
        string? pattern = a.Count == 2 ? TextLiteral(a[1], signature, "the format") : JavaDateFormat.Timestamp.Pattern;
        if (pattern is null)
        {
            return NullOf(SqlType.Varchar);
        }

        JavaDateFormat format;
        try
        {
            format = DateFormatCache.Get(pattern);
        }
        catch (ArgumentException error)
        {
            throw new FunctionResolutionException($"FROM_UNIXTIME: {error.Message}");
        }

        QueryClock clock = context.Clock;
        var function = new BatchFunction("FROM_UNIXTIME", (args, n, live, p) =>
        {
            if (args[0].Scalar is { IsNull: true })
            {
                return ColumnFactory.Constant(SqlType.Varchar, null, n, p);
            }

            using ColumnVector seconds = args[0].ToColumn(n, p);
            using ColumnVector millis = SecondsToTimestamp(seconds, p);
            return TemporalKernels.Format(millis, format, p, clock.TimeZone == TimeZoneInfo.Utc ? null : clock.OffsetMillisAt);
        });
        return new FunctionCall(function, [Cast(a[0], SqlType.BigInt)], SqlType.Varchar.WithNullable(a[0].Type.Nullable));
    }

    private static ColumnVector SecondsToTimestamp(ColumnVector seconds, BufferPool pool)
    {
        int n = seconds.Length;
        NativeBuffer? validity = null;
        if (seconds.HasNulls)
        {
            validity = pool.Rent(Bitmaps.Bits.ByteCount(n));
            seconds.Validity[..Bitmaps.Bits.WordCount(n)].CopyTo(validity.Words);
        }

        NativeBuffer values = pool.Rent(n * sizeof(long));
        ReadOnlySpan<long> source = seconds.Values<long>();
        Span<long> target = values.As<long>();
        for (int i = 0; i < n; i++)
        {
            // Seconds beyond the TIMESTAMP range saturate instead of wrapping; the formatter prints any long.
            target[i] = (long)Int128.Clamp((Int128)source[i] * 1000, long.MinValue, long.MaxValue);
        }

        return ColumnVector.FromBuffers(SqlType.Timestamp, n, validity, values);
    }
}
