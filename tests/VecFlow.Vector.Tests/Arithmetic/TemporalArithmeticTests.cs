using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

public sealed class TemporalArithmeticTests : PooledTest
{
    private const long MillisPerDay = 86_400_000;

    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private static readonly long MaxTimestamp = ((Day(9999, 12, 31) + 1) * MillisPerDay) - 1;

    // 0000-01-01: year 0 is a leap year of 366 days before 0001-01-01.
    private static readonly long MinTimestamp = (Day(1, 1, 1) - 366L) * MillisPerDay;

    public TemporalArithmeticTests()
    {
        Pool.TrackRentSites = false;
    }

    [Theory]
    [InlineData("2021-01-31", 1, "2021-02-28")]
    [InlineData("2020-01-31", 1, "2020-02-29")]
    [InlineData("2020-02-29", 12, "2021-02-28")]
    [InlineData("2020-03-31", -1, "2020-02-29")]
    [InlineData("1900-01-31", 1, "1900-02-28")]
    [InlineData("2000-01-31", 1, "2000-02-29")]
    [InlineData("2021-05-31", -3, "2021-02-28")]
    [InlineData("2021-12-15", 1, "2022-01-15")]
    [InlineData("0001-01-01", -12, "0000-01-01")]
    public void Adding_months_clamps_the_day_to_the_end_of_the_month(string date, int months, string expected)
    {
        int days = Day(DateOnly.Parse(date.Replace("0000-", "2000-"), System.Globalization.CultureInfo.InvariantCulture));
        using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, [days], Pool);
        using ColumnVector result = ArithmeticKernels.Apply(dates, ArithmeticOp.Add, new ScalarValue(SqlType.IntervalYearMonth, months), default, Pool);
        Assert.Equal(expected, Text(result));

        // The same through subtraction of the negated interval and with the interval written first.
        using ColumnVector minus = ArithmeticKernels.Apply(dates, ArithmeticOp.Subtract, new ScalarValue(SqlType.IntervalYearMonth, -months), default, Pool);
        Assert.Equal(expected, Text(minus));
        using ColumnVector swapped = ArithmeticKernels.Apply(new ScalarValue(SqlType.IntervalYearMonth, months), ArithmeticOp.Add, dates, default, Pool);
        Assert.Equal(expected, Text(swapped));
    }

    [Fact]
    public void Timestamp_plus_months_keeps_the_time_of_day()
    {
        long ts = (Day(2021, 1, 31) * MillisPerDay) + (10 * 3_600_000) + (30 * 60_000) + 250;
        using ColumnVector column = ColumnFactory.FromValues<long>(SqlType.Timestamp, [ts, -1], Pool);
        using ColumnVector result = ArithmeticKernels.Apply(column, ArithmeticOp.Add, new ScalarValue(SqlType.IntervalYearMonth, 1), default, Pool);
        using ColumnVector text = CastKernels.Cast(result, SqlType.Varchar, default, Pool);
        Assert.Equal(new object?[] { "2021-02-28 10:30:00.250", "1970-01-31 23:59:59.999" }, ColumnFactory.ToObjects(text));
    }

    [Fact]
    public void Date_and_timestamp_month_arithmetic_matches_DateTime_for_every_length()
    {
        var random = new Random(11);
        foreach (int n in KernelTestData.Lengths())
        {
            RowMode mode = (RowMode)(n % 4);
            bool[] valid = KernelTestData.Validity(random, n, mode);
            bool[] live = KernelTestData.Live(random, n, mode);
            ulong[] mask = KernelTestData.Mask(live, mode);
            DateTime[] stamps = Enumerable.Range(0, n).Select(_ => RandomTimestamp(random, 200, 9999)).ToArray();
            int[] months = Enumerable.Range(0, n).Select(_ => random.Next(-1200, 1200)).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (!valid[i] || !live[i])
                {
                    months[i] = int.MaxValue;
                }
            }

            using ColumnVector timestamps = ColumnFactory.FromValues<long>(SqlType.Timestamp, stamps.Select(Millis).ToArray(), valid, Pool);
            using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, stamps.Select(s => Day(DateOnly.FromDateTime(s))).ToArray(), valid, Pool);
            using ColumnVector intervals = ColumnFactory.FromValues<int>(SqlType.IntervalYearMonth, months, Pool);
            int expectedRow = Enumerable.Range(0, n).FirstOrDefault(i => valid[i] && live[i] && AddMonths(stamps[i], months[i]) is null, -1);
            if (expectedRow >= 0)
            {
                var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(timestamps, ArithmeticOp.Add, intervals, mask, Pool));
                Assert.Equal(expectedRow, error.Row);
                Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
                var dateError = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(dates, ArithmeticOp.Add, intervals, mask, Pool));
                Assert.Equal(expectedRow, dateError.Row);
                continue;
            }

            using ColumnVector shiftedTimestamps = ArithmeticKernels.Apply(timestamps, ArithmeticOp.Add, intervals, mask, Pool);
            using ColumnVector shiftedDates = ArithmeticKernels.Apply(intervals, ArithmeticOp.Add, dates, mask, Pool);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(!valid[i], shiftedTimestamps.IsNull(i));
                Assert.Equal(!valid[i], shiftedDates.IsNull(i));
                if (valid[i] && live[i])
                {
                    DateTime expected = AddMonths(stamps[i], months[i])!.Value;
                    Assert.Equal(Millis(expected), shiftedTimestamps.Values<long>()[i]);
                    Assert.Equal(Day(DateOnly.FromDateTime(expected)), shiftedDates.Values<int>()[i]);
                }
            }
        }
    }

    [Fact]
    public void Timestamp_plus_day_time_interval_is_exact_and_range_checked_for_every_length()
    {
        var random = new Random(12);
        foreach (int n in KernelTestData.Lengths())
        {
            RowMode mode = (RowMode)(n % 4);
            bool[] valid = KernelTestData.Validity(random, n, mode);
            bool[] live = KernelTestData.Live(random, n, mode);
            ulong[] mask = KernelTestData.Mask(live, mode);
            long[] stamps = Enumerable.Range(0, n).Select(_ => Millis(RandomTimestamp(random, 1, 9999))).ToArray();
            long[] intervals = Enumerable.Range(0, n).Select(_ => random.Next(20) == 0 ? long.MaxValue : random.NextInt64(-MillisPerDay * 36_500, MillisPerDay * 36_500)).ToArray();
            for (int i = 0; i < n; i++)
            {
                if ((!valid[i] || !live[i]) && random.Next(2) == 0)
                {
                    intervals[i] = long.MinValue;
                }
            }

            bool subtract = random.Next(2) == 0;
            ArithmeticOp op = subtract ? ArithmeticOp.Subtract : ArithmeticOp.Add;
            using ColumnVector timestamps = ColumnFactory.FromValues<long>(SqlType.TimestampLtz, stamps, valid, Pool);
            using ColumnVector amounts = ColumnFactory.FromValues<long>(SqlType.IntervalDayTime, intervals, Pool);
            long? Expected(int i)
            {
                Int128 r = subtract ? (Int128)stamps[i] - intervals[i] : (Int128)stamps[i] + intervals[i];
                return r < MinTimestamp || r > MaxTimestamp ? null : (long)r;
            }

            int expectedRow = Enumerable.Range(0, n).FirstOrDefault(i => valid[i] && live[i] && Expected(i) is null, -1);
            if (expectedRow >= 0)
            {
                var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(timestamps, op, amounts, mask, Pool));
                Assert.Equal(expectedRow, error.Row);
                Assert.Contains("TIMESTAMP", error.Message);
                continue;
            }

            using ColumnVector result = ArithmeticKernels.Apply(timestamps, op, amounts, mask, Pool);
            Assert.Equal(SqlType.TimestampLtz, result.Type);
            for (int i = 0; i < n; i++)
            {
                if (valid[i] && Expected(i) is long expected)
                {
                    Assert.Equal(expected, result.Values<long>()[i]);
                }
            }
        }
    }

    [Fact]
    public void Date_plus_day_time_interval_adds_whole_days_truncated_toward_zero()
    {
        using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, [Day(2021, 1, 1)], Pool);
        Assert.Equal("2021-01-02", Text(ArithmeticKernels.Apply(dates, ArithmeticOp.Add, Interval(25 * 3_600_000L), default, Pool)));
        Assert.Equal("2021-01-01", Text(ArithmeticKernels.Apply(dates, ArithmeticOp.Subtract, Interval(23 * 3_600_000L), default, Pool)));
        Assert.Equal("2020-12-31", Text(ArithmeticKernels.Apply(dates, ArithmeticOp.Add, Interval(-25 * 3_600_000L), default, Pool)));
        Assert.Equal("2021-03-01", Text(ArithmeticKernels.Apply(Interval(59 * MillisPerDay), ArithmeticOp.Add, dates, default, Pool)));
    }

    [Fact]
    public void Time_plus_interval_wraps_at_midnight()
    {
        using ColumnVector times = ColumnFactory.FromValues<int>(SqlType.Time, [23 * 3_600_000, 3_600_000], Pool);
        using ColumnVector later = ArithmeticKernels.Apply(times, ArithmeticOp.Add, Interval((2 * 3_600_000L) + (10 * MillisPerDay)), default, Pool);
        Assert.Equal(new object?[] { 3_600_000, 3 * 3_600_000 }, ColumnFactory.ToObjects(later));
        using ColumnVector earlier = ArithmeticKernels.Apply(times, ArithmeticOp.Subtract, Interval(2 * 3_600_000L), default, Pool);
        Assert.Equal(new object?[] { 21 * 3_600_000, 23 * 3_600_000 }, ColumnFactory.ToObjects(earlier));
        using ColumnVector minimum = ArithmeticKernels.Apply(times, ArithmeticOp.Subtract, Interval(long.MinValue), default, Pool);
        Assert.Equal(SqlType.Time, minimum.Type);
    }

    [Fact]
    public void Leaving_the_date_range_is_an_overflow_error()
    {
        using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, [Day(2000, 1, 1), Day(9999, 12, 31)], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(dates, ArithmeticOp.Add, Interval(MillisPerDay), default, Pool));
        Assert.Equal(1, error.Row);
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Contains("DATE '9999-12-31' + INTERVAL '1' DAY", error.Message);
        Assert.Contains("0000-01-01", error.Message);
        var months = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(dates, ArithmeticOp.Add, new ScalarValue(SqlType.IntervalYearMonth, 1), default, Pool));
        Assert.Equal(1, months.Row);
        using ColumnVector stamps = ColumnFactory.FromValues<long>(SqlType.Timestamp, [MaxTimestamp], Pool);
        var stampError = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(stamps, ArithmeticOp.Add, Interval(1), default, Pool));
        Assert.Contains("TIMESTAMP '9999-12-31 23:59:59.999'", stampError.Message);
    }

    [Fact]
    public void Interval_arithmetic_is_checked()
    {
        using ColumnVector spans = ColumnFactory.FromValues<long>(SqlType.IntervalDayTime, [1000, long.MaxValue, -7000], Pool);
        using ColumnVector sum = ArithmeticKernels.Apply(spans, ArithmeticOp.Add, spans, [0b101UL], Pool);
        Assert.Equal(SqlType.IntervalDayTime, sum.Type);
        Assert.Equal(2000L, sum.Values<long>()[0]);
        Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(spans, ArithmeticOp.Add, spans, default, Pool));
        using ColumnVector doubled = ArithmeticKernels.Apply(ScalarValue.Int(2), ArithmeticOp.Multiply, spans, [0b101UL], Pool);
        Assert.Equal(-14000L, doubled.Values<long>()[2]);
        var overflow = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(spans, ArithmeticOp.Multiply, ScalarValue.Int(2), default, Pool));
        Assert.Equal(1, overflow.Row);
        Assert.Contains("INTERVAL DAY TO SECOND", overflow.Message);
        using ColumnVector third = ArithmeticKernels.Apply(spans, ArithmeticOp.Divide, ScalarValue.Int(3), default, Pool);
        Assert.Equal(-2333L, third.Values<long>()[2]);
        var zero = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(spans, ArithmeticOp.Divide, ScalarValue.Int(0), default, Pool));
        Assert.Equal(SqlErrorKind.DivisionByZero, zero.Kind);

        using ColumnVector months = ColumnFactory.FromValues<int>(SqlType.IntervalYearMonth, [14, int.MaxValue], Pool);
        using ColumnVector years = ArithmeticKernels.Apply(months, ArithmeticOp.Multiply, ScalarValue.BigInt(3), [0b01UL], Pool);
        Assert.Equal(SqlType.IntervalYearMonth, years.Type);
        Assert.Equal(42, years.Values<int>()[0]);
        var monthOverflow = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(months, ArithmeticOp.Add, months, default, Pool));
        Assert.Contains("INTERVAL YEAR TO MONTH", monthOverflow.Message);
        using ColumnVector difference = ArithmeticKernels.Apply(months, ArithmeticOp.Subtract, months, default, Pool);
        Assert.Equal(new object?[] { 0, 0 }, ColumnFactory.ToObjects(difference));
    }

    [Theory]
    [InlineData(SqlTypeKind.Date, ArithmeticOp.Add, SqlTypeKind.Varchar)]
    [InlineData(SqlTypeKind.Date, ArithmeticOp.Add, SqlTypeKind.Date)]
    [InlineData(SqlTypeKind.IntervalDayTime, ArithmeticOp.Subtract, SqlTypeKind.Timestamp)]
    [InlineData(SqlTypeKind.Time, ArithmeticOp.Add, SqlTypeKind.IntervalYearMonth)]
    [InlineData(SqlTypeKind.IntervalDayTime, ArithmeticOp.Add, SqlTypeKind.IntervalYearMonth)]
    [InlineData(SqlTypeKind.IntervalDayTime, ArithmeticOp.Multiply, SqlTypeKind.Double)]
    [InlineData(SqlTypeKind.Int, ArithmeticOp.Divide, SqlTypeKind.IntervalDayTime)]
    [InlineData(SqlTypeKind.Boolean, ArithmeticOp.Add, SqlTypeKind.Int)]
    [InlineData(SqlTypeKind.Timestamp, ArithmeticOp.Modulo, SqlTypeKind.IntervalDayTime)]
    [InlineData(SqlTypeKind.Null, ArithmeticOp.Add, SqlTypeKind.Null)]
    public void Invalid_operand_types_name_the_valid_forms(SqlTypeKind left, ArithmeticOp op, SqlTypeKind right)
    {
        var error = Assert.Throws<ArgumentException>(() => ArithmeticKernels.ResultType(new SqlType(left), op, new SqlType(right)));
        Assert.Contains($"cannot apply '{op.Symbol()}'", error.Message);
        Assert.Contains("valid:", error.Message);
    }

    [Fact]
    public void Result_types_of_mixed_operands()
    {
        Assert.Equal("cannot apply '+' to DATE and STRING; valid: numeric + numeric; DATE, TIMESTAMP or TIMESTAMP_LTZ + INTERVAL (either order); TIME + INTERVAL DAY TO SECOND; INTERVAL + INTERVAL of the same kind", Assert.Throws<ArgumentException>(() => ArithmeticKernels.ResultType(SqlType.Date, ArithmeticOp.Add, SqlType.Varchar)).Message);
        Assert.Equal(SqlType.BigInt, ArithmeticKernels.ResultType(SqlType.TinyInt, ArithmeticOp.Add, SqlType.BigInt));
        Assert.Equal(SqlType.SmallInt, ArithmeticKernels.ResultType(SqlType.SmallInt, ArithmeticOp.Modulo, SqlType.TinyInt));
        Assert.Equal(SqlType.Int.WithNullable(false), ArithmeticKernels.ResultType(SqlType.Int.WithNullable(false), ArithmeticOp.Multiply, SqlType.Int.WithNullable(false)));
        Assert.Equal(SqlType.Float, ArithmeticKernels.ResultType(SqlType.Float, ArithmeticOp.Divide, SqlType.Float));
        Assert.Equal(SqlType.Double, ArithmeticKernels.ResultType(SqlType.Float, ArithmeticOp.Divide, SqlType.Int));
        Assert.Equal(SqlType.TimestampLtz, ArithmeticKernels.ResultType(SqlType.IntervalDayTime, ArithmeticOp.Add, SqlType.TimestampLtz));
        Assert.Equal(SqlType.Date, ArithmeticKernels.ResultType(SqlType.Date, ArithmeticOp.Subtract, SqlType.IntervalDayTime));
        Assert.Equal(SqlType.IntervalYearMonth, ArithmeticKernels.ResultType(SqlType.SmallInt, ArithmeticOp.Multiply, SqlType.IntervalYearMonth));
        Assert.Equal(SqlType.Date, ArithmeticKernels.ResultType(SqlType.Null, ArithmeticOp.Add, SqlType.Date));
    }

    [Fact]
    public void Constant_folding_uses_the_same_rules()
    {
        Assert.Equal(ScalarValue.Int(7), ArithmeticKernels.Apply(ScalarValue.Int(3), ArithmeticOp.Add, ScalarValue.Int(4)));
        Assert.Equal(ScalarValue.BigInt(-2), ArithmeticKernels.Apply(new ScalarValue(SqlType.TinyInt, (sbyte)-7), ArithmeticOp.Divide, ScalarValue.BigInt(3)));
        Assert.True(ArithmeticKernels.Apply(ScalarValue.Int(3), ArithmeticOp.Add, ScalarValue.Null(SqlType.Int)).IsNull);
        Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(ScalarValue.Int(int.MaxValue), ArithmeticOp.Add, ScalarValue.Int(1)));
        ScalarValue date = ArithmeticKernels.Apply(ScalarValue.Date(Day(2024, 1, 31)), ArithmeticOp.Add, new ScalarValue(SqlType.IntervalYearMonth, 1));
        Assert.Equal(ScalarValue.Date(Day(2024, 2, 29)), date);
        ScalarValue money = ArithmeticKernels.Apply(ScalarValue.Decimal(1050, 10, 2), ArithmeticOp.Multiply, ScalarValue.Decimal(3, 1, 0));
        Assert.Equal(ScalarValue.Decimal(3150, 11, 2), money);
    }

    private static ScalarValue Interval(long millis) => new(SqlType.IntervalDayTime, millis);

    private string Text(ColumnVector column)
    {
        using (column)
        {
            using ColumnVector text = CastKernels.Cast(column, SqlType.Varchar, default, Pool);
            return (string)ColumnFactory.ToObjects(text)[0]!;
        }
    }

    private static int Day(int year, int month, int day) => new DateOnly(year, month, day).DayNumber - EpochDay;

    private static int Day(DateOnly date) => date.DayNumber - EpochDay;

    private static long Millis(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static DateTime RandomTimestamp(Random random, int minYear, int maxYear)
    {
        var start = new DateTime(minYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long range = (new DateTime(maxYear, 12, 31, 23, 59, 59, DateTimeKind.Utc).Ticks - start.Ticks) / TimeSpan.TicksPerMillisecond;
        return start.AddMilliseconds(random.NextInt64(range));
    }

    private static DateTime? AddMonths(DateTime t, int months)
    {
        try
        {
            return months is int.MaxValue ? null : t.AddMonths(months);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
