using VecFlow.Sql.Ast;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

public class DataTypeTests
{
    [Theory]
    [InlineData("BOOLEAN", ScalarTypeName.Boolean, null, null, "BOOLEAN")]
    [InlineData("TINYINT", ScalarTypeName.TinyInt, null, null, "TINYINT")]
    [InlineData("SMALLINT", ScalarTypeName.SmallInt, null, null, "SMALLINT")]
    [InlineData("INT", ScalarTypeName.Int, null, null, "INT")]
    [InlineData("integer", ScalarTypeName.Int, null, null, "INT")]
    [InlineData("BIGINT", ScalarTypeName.BigInt, null, null, "BIGINT")]
    [InlineData("FLOAT", ScalarTypeName.Float, null, null, "FLOAT")]
    [InlineData("REAL", ScalarTypeName.Float, null, null, "FLOAT")]
    [InlineData("DOUBLE", ScalarTypeName.Double, null, null, "DOUBLE")]
    [InlineData("DOUBLE PRECISION", ScalarTypeName.Double, null, null, "DOUBLE")]
    [InlineData("DECIMAL", ScalarTypeName.Decimal, null, null, "DECIMAL")]
    [InlineData("DECIMAL(10)", ScalarTypeName.Decimal, 10, null, "DECIMAL(10)")]
    [InlineData("DEC(10, 2)", ScalarTypeName.Decimal, 10, 2, "DECIMAL(10, 2)")]
    [InlineData("NUMERIC(38,18)", ScalarTypeName.Decimal, 38, 18, "DECIMAL(38, 18)")]
    [InlineData("CHAR", ScalarTypeName.Char, null, null, "CHAR")]
    [InlineData("CHAR(3)", ScalarTypeName.Char, 3, null, "CHAR(3)")]
    [InlineData("CHARACTER VARYING(5)", ScalarTypeName.VarChar, 5, null, "VARCHAR(5)")]
    [InlineData("VARCHAR", ScalarTypeName.VarChar, null, null, "VARCHAR")]
    [InlineData("VARCHAR(20)", ScalarTypeName.VarChar, 20, null, "VARCHAR(20)")]
    [InlineData("STRING", ScalarTypeName.String, null, null, "STRING")]
    [InlineData("BINARY(16)", ScalarTypeName.Binary, 16, null, "BINARY(16)")]
    [InlineData("VARBINARY(100)", ScalarTypeName.VarBinary, 100, null, "VARBINARY(100)")]
    [InlineData("BYTES", ScalarTypeName.Bytes, null, null, "BYTES")]
    [InlineData("DATE", ScalarTypeName.Date, null, null, "DATE")]
    [InlineData("TIME", ScalarTypeName.Time, null, null, "TIME")]
    [InlineData("TIME(3) WITHOUT TIME ZONE", ScalarTypeName.Time, 3, null, "TIME(3)")]
    [InlineData("TIMESTAMP", ScalarTypeName.Timestamp, null, null, "TIMESTAMP")]
    [InlineData("TIMESTAMP(3)", ScalarTypeName.Timestamp, 3, null, "TIMESTAMP(3)")]
    [InlineData("TIMESTAMP(9) WITHOUT TIME ZONE", ScalarTypeName.Timestamp, 9, null, "TIMESTAMP(9)")]
    [InlineData("TIMESTAMP(3) WITH LOCAL TIME ZONE", ScalarTypeName.TimestampLtz, 3, null, "TIMESTAMP_LTZ(3)")]
    [InlineData("TIMESTAMP WITH LOCAL TIME ZONE", ScalarTypeName.TimestampLtz, null, null, "TIMESTAMP_LTZ")]
    [InlineData("TIMESTAMP_LTZ(3)", ScalarTypeName.TimestampLtz, 3, null, "TIMESTAMP_LTZ(3)")]
    public void Scalar_types(string sql, ScalarTypeName name, int? precision, int? scale, string canonical)
    {
        var type = Assert.IsType<ScalarDataType>(SqlAssert.DataType(sql));
        Assert.Equal((name, precision, scale, true), (type.Name, type.Precision, type.Scale, type.Nullable));
        Assert.Equal(canonical, SqlPrinter.Print(type));
    }

    [Fact]
    public void Nullability()
    {
        Assert.False(SqlAssert.DataType("INT NOT NULL").Nullable);
        Assert.True(SqlAssert.DataType("INT NULL").Nullable);
        var row = Assert.IsType<RowDataType>(SqlAssert.DataType("ROW<a INT NOT NULL, b STRING> NOT NULL"));
        Assert.False(row.Nullable);
        Assert.False(row.Fields[0].Type.Nullable);
        Assert.True(row.Fields[1].Type.Nullable);
    }

    [Fact]
    public void Interval_types()
    {
        var interval = Assert.IsType<IntervalDataType>(SqlAssert.DataType("INTERVAL DAY(2) TO SECOND(3)"));
        Assert.Equal((TimeUnit.Day, 2, TimeUnit.Second, 3), (interval.Qualifier.Start, interval.Qualifier.StartPrecision, interval.Qualifier.End, interval.Qualifier.FractionalPrecision));
        Assert.Equal(TimeUnit.Month, Assert.IsType<IntervalDataType>(SqlAssert.DataType("INTERVAL YEAR TO MONTH")).Qualifier.End);
        Assert.Equal(TimeUnit.Second, Assert.IsType<IntervalDataType>(SqlAssert.DataType("INTERVAL SECOND(3)")).Qualifier.Start);
    }

    [Fact]
    public void Structured_types()
    {
        var row = Assert.IsType<RowDataType>(SqlAssert.DataType("ROW<id BIGINT COMMENT 'key', `dateTime` TIMESTAMP(3)>"));
        Assert.Equal(["id", "dateTime"], row.Fields.Select(f => f.Name.Value));
        Assert.Equal("key", row.Fields[0].Comment!.Value);
        var parens = Assert.IsType<RowDataType>(SqlAssert.DataType("ROW(a INT, b ROW(c STRING))"));
        Assert.IsType<RowDataType>(parens.Fields[1].Type);
        Assert.Equal("ROW<a INT, b ROW<c STRING>>", SqlPrinter.Print(parens));
        Assert.Empty(Assert.IsType<RowDataType>(SqlAssert.DataType("ROW()")).Fields);

        var array = Assert.IsType<ArrayDataType>(SqlAssert.DataType("ARRAY<ARRAY<INT NOT NULL>>"));
        Assert.IsType<ArrayDataType>(array.Element);
        var map = Assert.IsType<MapDataType>(SqlAssert.DataType("MAP<STRING, ARRAY<ROW<x DOUBLE>>>"));
        Assert.IsType<ArrayDataType>(map.Value);
        Assert.IsType<MultisetDataType>(SqlAssert.DataType("MULTISET<STRING>"));
        var postfix = Assert.IsType<ArrayDataType>(SqlAssert.DataType("INT ARRAY NOT NULL"));
        Assert.False(postfix.Nullable);
        Assert.Equal("ARRAY<INT> NOT NULL", SqlPrinter.Print(postfix));
        Assert.IsType<MultisetDataType>(SqlAssert.DataType("VARCHAR(3) MULTISET"));
    }
}
