namespace VecFlow.Vector.Types;

/// <summary>The SQL types VecFlow computes on.</summary>
public enum SqlTypeKind
{
    Null,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal,
    Varchar,
    Date,
    Time,
    Timestamp,
    TimestampLtz,
    IntervalDayTime,
    IntervalYearMonth,
}
