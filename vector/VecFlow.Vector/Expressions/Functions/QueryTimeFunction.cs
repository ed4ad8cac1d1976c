using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, UNIX_TIMESTAMP() and PROCTIME() of one query's clock.</summary>
/// <remarks>
/// All but PROCTIME() return the query's start instant (<see cref="QueryClock.StartEpochMillis"/>) in the session time
/// zone, the same for every row and batch. PROCTIME() reads <see cref="QueryClock.ProcessingTime"/> when a batch is
/// evaluated (constant within a batch). One instance exists per clock and name.
/// </remarks>
public sealed class QueryTimeFunction : ScalarFunction
{
    private QueryTimeFunction(string name, QueryClock clock, SqlType resultType)
    {
        Name = name;
        Clock = clock;
        ResultType = resultType;
    }

    public override string Name { get; }

    public QueryClock Clock { get; }

    /// <summary>PROCTIME() reads the clock at each evaluation; the others are the query's start instant.</summary>
    public override bool IsDeterministic => Name != "PROCTIME";

    /// <summary>TIMESTAMP_LTZ(3), TIMESTAMP(3), DATE, TIME or BIGINT, all NOT NULL.</summary>
    public SqlType ResultType { get; }

    // One instance per clock and name: expression trees compare functions by reference, so two resolutions of
    // CURRENT_DATE in one query must share the instance to be recognised as the same expression.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<QueryClock, System.Collections.Concurrent.ConcurrentDictionary<string, QueryTimeFunction>> Instances = [];

    /// <summary>The function <paramref name="name"/> (one of the names in the summary, upper case) on <paramref name="clock"/>.</summary>
    public static QueryTimeFunction Create(string name, QueryClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Instances.GetOrCreateValue(clock).GetOrAdd(name, n => New(n, clock));
    }

    private static QueryTimeFunction New(string name, QueryClock clock) => new(name, clock, name switch
    {
        "CURRENT_TIMESTAMP" or "NOW" or "PROCTIME" => SqlType.TimestampLtz,
        "LOCALTIMESTAMP" => SqlType.Timestamp,
        "CURRENT_DATE" => SqlType.Date,
        "CURRENT_TIME" or "LOCALTIME" => SqlType.Time,
        "UNIX_TIMESTAMP" => SqlType.BigInt,
        _ => throw new ArgumentException($"'{name}' is not a query-time function.", nameof(name)),
    });

    /// <summary>The value as stored for <see cref="ResultType"/>.</summary>
    public object Value()
    {
        long instant = Name == "PROCTIME" ? Clock.ProcessingTime.GetUtcNow().ToUnixTimeMilliseconds() : Clock.StartEpochMillis;
        long local = instant + Clock.OffsetMillisAt(instant);
        return ResultType.Kind switch
        {
            // Boxed per arm: a switch over long and int arms would widen the ints to long.
            SqlTypeKind.TimestampLtz => (object)instant,
            SqlTypeKind.Timestamp => (object)local,
            SqlTypeKind.Date => (object)(int)CivilTime.Days(local),
            SqlTypeKind.Time => (object)(int)CivilTime.MillisOfDay(local),
            _ => (object)CivilCalendar.FloorDivide(instant, 1000),
        };
    }

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool) =>
        ColumnFactory.Constant(ResultType.WithNullable(false), Value(), length, pool);

    public override ScalarValue InvokeScalar(IReadOnlyList<ScalarValue> arguments, BufferPool pool) => new(ResultType.WithNullable(false), Value());

}
