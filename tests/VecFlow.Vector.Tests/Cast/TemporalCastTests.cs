using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Tests.Arithmetic;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Cast;

public sealed class TemporalCastTests : PooledTest
{
    private const long MillisPerDay = 86_400_000;

    public TemporalCastTests()
    {
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void Dates_and_timestamps_convert_for_every_length()
    {
        var random = new Random(51);
        foreach (int n in KernelTestData.Lengths())
        {
            RowMode mode = (RowMode)(n % 4);
            bool[] valid = KernelTestData.Validity(random, n, mode);
            bool[] live = KernelTestData.Live(random, n, mode);
            ulong[] mask = KernelTestData.Mask(live, mode);
            long[] stamps = Enumerable.Range(0, n).Select(_ => random.NextInt64(-62_167_219_200_000, 253_402_300_800_000)).ToArray();
            int[] days = Enumerable.Range(0, n).Select(_ => random.Next(-719_528, 2_932_897)).ToArray();
            using ColumnVector timestamps = ColumnFactory.FromValues<long>(SqlType.Timestamp, stamps, valid, Pool);
            using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, days, valid, Pool);
            using ColumnVector toDate = CastKernels.Cast(timestamps, SqlType.Date, mask, Pool);
            using ColumnVector toTime = CastKernels.Cast(timestamps, SqlType.Time, mask, Pool);
            using ColumnVector toLtz = CastKernels.Cast(timestamps, SqlType.TimestampLtz, mask, Pool);
            using ColumnVector fromDate = CastKernels.Cast(dates, SqlType.TimestampLtz, mask, Pool);
            using ColumnVector backToDate = CastKernels.Cast(fromDate, SqlType.Date, mask, Pool);
            Assert.Equal(SqlType.TimestampLtz, toLtz.Type);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(!valid[i], toDate.IsNull(i));
                Assert.Equal(!valid[i], fromDate.IsNull(i));
                if (!valid[i])
                {
                    continue;
                }

                // Floor division: instants before 1970 belong to the earlier day.
                long day = (long)Math.Floor(stamps[i] / (double)MillisPerDay);
                Assert.Equal(day, toDate.Values<int>()[i]);
                Assert.Equal(stamps[i] - (day * MillisPerDay), toTime.Values<int>()[i]);
                Assert.Equal(stamps[i], toLtz.Values<long>()[i]);
                Assert.Equal(days[i] * MillisPerDay, fromDate.Values<long>()[i]);
                Assert.Equal(days[i], backToDate.Values<int>()[i]);
            }
        }
    }

    [Fact]
    public void A_timestamp_before_1970_falls_on_the_previous_day()
    {
        using ColumnVector timestamp = ColumnFactory.FromValues<long>(SqlType.Timestamp, [-3_600_000], Pool);
        using ColumnVector date = CastKernels.Cast(timestamp, SqlType.Date, default, Pool);
        using ColumnVector time = CastKernels.Cast(timestamp, SqlType.Time, default, Pool);
        using ColumnVector dateText = CastKernels.Cast(date, SqlType.Varchar, default, Pool);
        using ColumnVector timeText = CastKernels.Cast(time, SqlType.Varchar, default, Pool);
        Assert.Equal("1969-12-31", ColumnFactory.ToObjects(dateText)[0]);
        Assert.Equal("23:00:00", ColumnFactory.ToObjects(timeText)[0]);
    }

    [Fact]
    public void Raw_timestamps_beyond_the_date_layout_fail_only_when_live()
    {
        using ColumnVector timestamp = ColumnFactory.FromValues<long>(SqlType.Timestamp, [0, long.MaxValue], Pool);
        var error = Assert.Throws<Errors.SqlRuntimeException>(() => CastKernels.Cast(timestamp, SqlType.Date, default, Pool));
        Assert.Equal(1, error.Row);
        Assert.Contains("to DATE", error.Message);
        using ColumnVector ok = CastKernels.Cast(timestamp, SqlType.Date, [0b01UL], Pool);
        Assert.Equal(0, ok.Values<int>()[0]);
    }

    [Fact]
    public void The_cast_matrix_and_its_errors()
    {
        Assert.True(CastKernels.CanCast(SqlType.Varchar, SqlType.TimestampLtz));
        Assert.True(CastKernels.CanCast(SqlType.Date, SqlType.Varchar));
        Assert.True(CastKernels.CanCast(SqlType.IntervalDayTime, SqlType.Varchar));
        Assert.True(CastKernels.CanCast(SqlType.Boolean, SqlType.Decimal(3, 0)));
        Assert.True(CastKernels.CanCast(SqlType.TinyInt, SqlType.Boolean));
        Assert.True(CastKernels.CanCast(SqlType.Null, SqlType.Date));
        Assert.False(CastKernels.CanCast(SqlType.Double, SqlType.Boolean));
        Assert.False(CastKernels.CanCast(SqlType.Date, SqlType.Int));
        Assert.False(CastKernels.CanCast(SqlType.Time, SqlType.Date));
        Assert.False(CastKernels.CanCast(SqlType.Varchar, SqlType.IntervalDayTime));
        Assert.False(CastKernels.CanCast(SqlType.IntervalYearMonth, SqlType.Int));
        using ColumnVector dates = ColumnFactory.FromValues<int>(SqlType.Date, [1], Pool);
        var error = Assert.Throws<ArgumentException>(() => CastKernels.Cast(dates, SqlType.Int, default, Pool));
        Assert.Equal("cannot cast DATE to INT; valid targets for DATE: VARCHAR, DATE, TIMESTAMP, TIMESTAMP_LTZ", error.Message);
    }

    [Fact]
    public void The_same_type_shares_the_input_and_null_columns_take_the_target_type()
    {
        using ColumnVector ints = ColumnFactory.FromNullable(SqlType.Int, new int?[] { 1, null }, Pool);
        using ColumnVector same = CastKernels.Cast(ints, SqlType.Int.WithNullable(false), default, Pool);
        Assert.Same(ints.Array, same.Array);
        using ColumnVector nulls = ArithmeticKernels.Apply(ints, ArithmeticOp.Add, ScalarValue.Null(SqlType.Int), default, Pool);
        using ColumnVector text = CastKernels.Cast(nulls, SqlType.Varchar, default, Pool);
        Assert.Equal(new object?[] { null, null }, ColumnFactory.ToObjects(text));
    }
}
