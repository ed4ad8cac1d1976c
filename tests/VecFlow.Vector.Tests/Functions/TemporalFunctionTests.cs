using System.Globalization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Functions;

public sealed class TemporalFunctionTests : FunctionTest
{
    private static readonly ColumnRef Ts = new(0, SqlType.Timestamp, "ts");
    private static readonly ColumnRef Day = new(0, SqlType.Date, "d");

    private static long Millis(DateTime t) => (long)(t - DateTime.UnixEpoch).TotalMilliseconds;

    private static DateTime Time(long millis) => DateTime.UnixEpoch.AddMilliseconds(millis);

    private static Literal Stamp(string text) => new(ScalarValue.Timestamp(Millis(DateTime.Parse(text, CultureInfo.InvariantCulture))));

    [Fact]
    public void Extract_and_shorthands_match_the_datetime_reference_on_every_length()
    {
        var random = new Random(13);
        long min = Millis(new DateTime(1, 1, 1));
        long max = Millis(new DateTime(9999, 12, 31));
        for (int n = 0; n <= 257; n += n < 70 ? 1 : 11)
        {
            long?[] values = WithNulls(random, n, r => r.NextInt64(min, max));
            using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.Timestamp, values, Pool));
            void Check(string function, Func<DateTime, long> reference) =>
                Assert.Equal(values.Select(v => v is null ? null : (object?)reference(Time(v.Value))), Eval(Call(function, Ts), batch));

            Check("YEAR", t => t.Year);
            Check("QUARTER", t => ((t.Month - 1) / 3) + 1);
            Check("MONTH", t => t.Month);
            Check("WEEK", t => ISOWeek.GetWeekOfYear(t));
            Check("DAYOFYEAR", t => t.DayOfYear);
            Check("DAYOFMONTH", t => t.Day);
            Check("DAYOFWEEK", t => (int)t.DayOfWeek + 1);
            Check("HOUR", t => t.Hour);
            Check("MINUTE", t => t.Minute);
            Check("SECOND", t => t.Second);
            Assert.Equal(values.Select(v => v is null ? null : (object?)(long)ISOWeek.GetYear(Time(v.Value))), Eval(Call("EXTRACT", Text("ISOYEAR"), Ts), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object?)((Time(v.Value).Second * 1000L) + Time(v.Value).Millisecond)), Eval(Call("EXTRACT", Text("MILLISECOND"), Ts), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object?)Floor(Time(v.Value), "DAY")), Eval(Call("FLOOR", Ts, Text("DAY")), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object?)Floor(Time(v.Value), "MONTH")), Eval(Call("FLOOR", Ts, Text("MONTH")), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object?)Floor(Time(v.Value), "QUARTER")), Eval(Call("FLOOR", Ts, Text("QUARTER")), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object?)Time(v.Value).ToString("yyyy-MM-dd HH:mm:ss.fff EEE", CultureInfo.InvariantCulture).Replace("EEE", Time(v.Value).ToString("ddd", CultureInfo.InvariantCulture), StringComparison.Ordinal)),
                Eval(Call("DATE_FORMAT", Ts, Text("yyyy-MM-dd HH:mm:ss.SSS EEE")), batch));
        }
    }

    [Fact]
    public void Dates_extract_truncate_and_add()
    {
        int[] days = [0, -1, 19_000, 2_932_896, -719_528];
        using ColumnBatch batch = Batch(ColumnFactory.FromValues<int>(SqlType.Date, days, Pool));
        Assert.Equal(new object?[] { 1970L, 1969L, 2022L, 9999L, 0L }, Eval(Call("YEAR", Day), batch));
        Expr floorWeek = Call("FLOOR", Day, Text("WEEK"));
        Assert.Equal(SqlType.Date, floorWeek.Type);
        using (ColumnBatch inRange = Batch(ColumnFactory.FromValues<int>(SqlType.Date, days, Pool), [0, 1, 2, 3]))
        {
            // The Sunday before 0000-01-01 is outside the DATE range: row 4 would fail, so it is not live here.
            Assert.Equal(days.Take(4).Select(d => (object?)(d - (int)DateOnly.FromDayNumber(719_162 + d).DayOfWeek)), Eval(floorWeek, inRange).Take(4));
        }

        Assert.Equal(SqlErrorKind.ArithmeticOverflow, Assert.Throws<SqlRuntimeException>(() => Eval(floorWeek, batch)).Kind);
        Assert.Equal(SqlType.Timestamp, Call("FLOOR", Day, Text("HOUR")).Type);
        Assert.Equal(SqlType.Date, Call("TIMESTAMPADD", Text("MONTH"), Int(1), Day).Type);
        Assert.Equal(SqlType.Timestamp, Call("TIMESTAMPADD", Text("HOUR"), Int(1), Day).Type);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(Call("TIMESTAMPADD", Text("DAY"), Int(1), Day), batch));
        Assert.Equal((SqlErrorKind.ArithmeticOverflow, 3), (error.Kind, error.Row));
        using ColumnBatch safe = Batch(ColumnFactory.FromValues<int>(SqlType.Date, days, Pool), [0, 1, 2, 4]);
        Assert.Equal(19_001, Eval(Call("TIMESTAMPADD", Text("DAY"), Int(1), Day), safe)[2]);
    }

    [Fact]
    public void Timestampadd_and_timestampdiff_follow_the_calendar()
    {
        Assert.Equal(Millis(new DateTime(2024, 2, 29, 10, 0, 0)), EvalConstant(Call("TIMESTAMPADD", Text("MONTH"), Int(1), Stamp("2024-01-31 10:00:00"))));
        Assert.Equal(Millis(new DateTime(2023, 2, 28)), EvalConstant(Call("TIMESTAMPADD", Text("YEAR"), Int(-1), Stamp("2024-02-29"))));
        Assert.Equal(Millis(new DateTime(2024, 1, 1, 0, 1, 30)), EvalConstant(Call("TIMESTAMPADD", Text("SECOND"), Big(90), Stamp("2024-01-01"))));
        Assert.Equal(0, EvalConstant(Call("TIMESTAMPDIFF", Text("MONTH"), Stamp("2024-01-31"), Stamp("2024-02-29"))));
        Assert.Equal(1, EvalConstant(Call("TIMESTAMPDIFF", Text("MONTH"), Stamp("2024-01-29"), Stamp("2024-02-29"))));
        Assert.Equal(-1, EvalConstant(Call("TIMESTAMPDIFF", Text("YEAR"), Stamp("2024-03-01"), Stamp("2022-12-31"))));
        Assert.Equal(0, EvalConstant(Call("TIMESTAMPDIFF", Text("DAY"), Stamp("2024-03-02 00:00:00"), Stamp("2024-03-01 00:00:01"))));
        Assert.Equal(-1, EvalConstant(Call("TIMESTAMPDIFF", Text("DAY"), Stamp("2024-03-02 00:00:01"), Stamp("2024-03-01 00:00:00"))));
        Assert.Equal(24, EvalConstant(Call("TIMESTAMPDIFF", Text("HOUR"), Stamp("2024-03-01"), Stamp("2024-03-02"))));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, Assert.Throws<SqlRuntimeException>(() => EvalConstant(Call("TIMESTAMPDIFF", Text("MILLISECOND"), Stamp("1900-01-01"), Stamp("2024-01-01")))).Kind);
        Assert.Equal(Millis(new DateTime(2024, 4, 1)), EvalConstant(Call("CEIL", Stamp("2024-03-02 10:00:00"), Text("MONTH"))));
        Assert.Equal(Millis(new DateTime(2024, 3, 1)), EvalConstant(Call("CEIL", Stamp("2024-03-01"), Text("MONTH"))));
        Assert.Equal(Millis(new DateTime(2001, 1, 1)), EvalConstant(Call("FLOOR", Stamp("2024-03-02"), Text("CENTURY"))));
        Assert.Equal(Millis(new DateTime(2020, 1, 1)), EvalConstant(Call("FLOOR", Stamp("2024-03-02"), Text("DECADE"))));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, Assert.Throws<SqlRuntimeException>(() => EvalConstant(Call("CEIL", Stamp("9999-06-01"), Text("YEAR")))).Kind);
    }

    [Fact]
    public void Parsing_and_formatting_use_java_patterns_and_give_null_when_text_does_not_parse()
    {
        Assert.Equal(Millis(new DateTime(2024, 3, 5, 7, 8, 9)), EvalConstant(Call("TO_TIMESTAMP", Text("2024-03-05 07:08:09"))));
        Assert.Equal(Millis(new DateTime(2024, 3, 5, 19, 8, 0)), EvalConstant(Call("TO_TIMESTAMP", Text("05/Mar/2024 07:08 PM"), Text("dd/MMM/yyyy hh:mm a"))));
        Assert.Equal(Millis(new DateTime(2024, 3, 5)), EvalConstant(Call("TO_TIMESTAMP", Text("20240305"), Text("yyyyMMdd"))));
        Assert.Null(EvalConstant(Call("TO_TIMESTAMP", Text("2024-02-30 00:00:00"))));
        Assert.Null(EvalConstant(Call("TO_TIMESTAMP", Text("nope"), Text("yyyy"))));
        Assert.Equal(19_788, EvalConstant(Call("TO_DATE", Text("2024-03-06"))));
        Assert.Equal(19_788, EvalConstant(Call("TO_DATE", Text("06.03.2024"), Text("dd.MM.yyyy"))));
        Assert.Equal("2024-03-06 It's Wednesday, March 06 24", EvalConstant(Call("DATE_FORMAT", Text("2024-03-06 00:00:00"), Text("yyyy-MM-dd 'It''s' EEEE, MMMM dd yy"))));
        Assert.Null(EvalConstant(Call("DATE_FORMAT", Text("garbage"), Text("yyyy"))));
        Assert.Equal("12 AM 00:05", EvalConstant(Call("DATE_FORMAT", Stamp("2024-03-06 00:05:00"), Text("hh a HH:mm"))));
        Assert.Contains("'Q'", Assert.Throws<FunctionResolutionException>(() => Call("DATE_FORMAT", Ts, Text("yyyy-QQ"))).Message, StringComparison.Ordinal);
        Assert.Throws<FunctionResolutionException>(() => Call("EXTRACT", Text("FORTNIGHT"), Ts));
        Assert.Throws<FunctionResolutionException>(() => Call("TIMESTAMPADD", Text("DOW"), Int(1), Ts));

        var format = JavaDateFormat.Compile("yyyy-MM-dd'T'HH:mm:ss.SSS");
        var random = new Random(17);
        for (int i = 0; i < 500; i++)
        {
            long millis = random.NextInt64(Millis(new DateTime(1, 1, 1)), Millis(new DateTime(9999, 12, 31)));
            Assert.True(format.TryParse(System.Text.Encoding.UTF8.GetBytes(format.Format(millis)), out long back));
            Assert.Equal(millis, back);
        }
    }

    [Fact]
    public void Query_time_functions_read_the_clock_of_the_resolution_context()
    {
        var start = new DateTimeOffset(2024, 3, 6, 23, 30, 0, TimeSpan.Zero);
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        var context = new ResolutionContext(QueryClock.Fixed(start, zone));
        Expr Now(string name) => ScalarFunctionCatalog.Resolve(name, [], context);
        Assert.Equal(start.ToUnixTimeMilliseconds(), EvalConstant(Now("CURRENT_TIMESTAMP")));
        Assert.Equal(SqlType.TimestampLtz.WithNullable(false), Now("NOW").Type);
        Assert.Equal(start.ToUnixTimeMilliseconds() + 7_200_000, EvalConstant(Now("LOCALTIMESTAMP")));
        Assert.Equal(19_789, EvalConstant(Now("CURRENT_DATE")));
        Assert.Equal(5_400_000, EvalConstant(Now("CURRENT_TIME")));
        Assert.Equal(start.ToUnixTimeSeconds(), EvalConstant(Now("UNIX_TIMESTAMP")));
        Assert.Equal(start.ToUnixTimeMilliseconds(), EvalConstant(Now("PROCTIME")));
        Assert.Equal(Now("CURRENT_DATE"), Now("CURRENT_DATE"));
        Assert.Equal("2024-03-07 01:30:00", EvalConstant(ScalarFunctionCatalog.Resolve("FROM_UNIXTIME", [Big(start.ToUnixTimeSeconds())], context)));
        Assert.Equal("1970", EvalConstant(ScalarFunctionCatalog.Resolve("FROM_UNIXTIME", [Int(0), Text("yyyy")])));
        Assert.Contains("CURRENT_TIMESTAMP", ScalarFunctionCatalog.Names);
        Assert.True(ScalarFunctionCatalog.Contains("now"));
    }

    private static long Floor(DateTime t, string unit) => Millis(unit switch
    {
        "DAY" => t.Date,
        "MONTH" => new DateTime(t.Year, t.Month, 1),
        _ => new DateTime(t.Year, (((t.Month - 1) / 3) * 3) + 1, 1),
    });
}
