using VecFlow.State.Descriptors;
using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.State.Tests.Encoding;

public sealed class StateSerializerTests
{
    [Fact]
    public void Rows_of_every_type_round_trip_with_nulls()
    {
        SqlType[] types =
        [
            SqlType.Boolean, SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
            SqlType.Decimal(38, 4), SqlType.Varchar, SqlType.Date, SqlType.Time, SqlType.Timestamp, SqlType.TimestampLtz,
            SqlType.IntervalDayTime, SqlType.IntervalYearMonth,
        ];
        ScalarValue[] values =
        [
            new(SqlType.Boolean, true), new(SqlType.TinyInt, (sbyte)-7), new(SqlType.SmallInt, (short)-300),
            ScalarValue.Int(int.MinValue), ScalarValue.BigInt(long.MaxValue), new(SqlType.Float, 1.25f), ScalarValue.Double(-2.5),
            new(types[7], Int128.MaxValue / 3), ScalarValue.String("gr\u00fc\u00dfe"), ScalarValue.Date(19000),
            new(SqlType.Time, 86_399_999), ScalarValue.Timestamp(1_700_000_000_123), new(SqlType.TimestampLtz, -5L),
            new(SqlType.IntervalDayTime, 3_600_000L), new(SqlType.IntervalYearMonth, 14),
        ];
        var serializer = new StateRowSerializer(types);
        var writer = new StateWriter();
        for (int nullMask = 0; nullMask < 4; nullMask++)
        {
            ScalarValue[] input = [.. values.Select((v, i) => (i + nullMask) % 4 == 0 ? ScalarValue.Null(types[i]) : v)];
            StateRow row = StateRow.FromScalarValues(types, input);
            writer.Clear();
            serializer.Write(row, writer);
            var reader = new StateReader(writer.Written);
            StateRow back = serializer.Read(ref reader);
            Assert.Equal(0, reader.Remaining);
            Assert.Equal(row, back);
            Assert.Equal(input.Select(v => v.Value), back.ToScalarValues().Select(v => v.Value));
        }
    }

    [Fact]
    public void Primitives_round_trip_and_truncation_is_a_clear_error()
    {
        var writer = new StateWriter();
        StateSerializers.String.Write(new string('x', 300), writer);
        StateSerializers.Decimal.Write(Int128.MinValue, writer);
        StateSerializers.Bytes.Write([1, 2, 3], writer);
        var reader = new StateReader(writer.Written);
        Assert.Equal(new string('x', 300), StateSerializers.String.Read(ref reader));
        Assert.Equal(Int128.MinValue, StateSerializers.Decimal.Read(ref reader));
        Assert.Equal([1, 2, 3], StateSerializers.Bytes.Read(ref reader));

        byte[] truncated = writer.Written[..100].ToArray();
        var error = Assert.Throws<StateFormatException>(() =>
        {
            var r = new StateReader(truncated);
            return StateSerializers.String.Read(ref r);
        });
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprints_are_stable_and_change_with_kind_and_layout()
    {
        var a = new ValueStateDescriptor<long>("count", StateSerializers.Int64);
        var b = new ValueStateDescriptor<long>("other-name", StateSerializers.Int64);
        var c = new ReducingStateDescriptor<long>("count", StateSerializers.Int64, (x, y) => x + y);
        var d = new ValueStateDescriptor<StateRow>("count", new StateRowSerializer([SqlType.BigInt, SqlType.Varchar]));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
        Assert.NotEqual(a.Fingerprint, d.Fingerprint);

        // Pinned: the fingerprint is a persisted contract (XXH3-64 of "Value|BIGINT|v1").
        Assert.Equal(System.IO.Hashing.XxHash3.HashToUInt64("Value|BIGINT|v1"u8), a.Fingerprint);
        Assert.Equal("ROW<BIGINT, STRING>", d.Layout);
    }
}
