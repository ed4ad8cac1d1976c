using Apache.Arrow.Types;

namespace VecFlow.Vector.Types;

/// <summary>A SQL type with its parameters and nullability, and its Arrow physical representation.</summary>
/// <remarks>
/// Physical layouts: BOOLEAN bit-packed; TINYINT..BIGINT int8..int64; FLOAT/DOUBLE; DECIMAL(p,s) Arrow decimal128
/// (an <see cref="Int128"/> unscaled value); VARCHAR Arrow utf8; DATE int32 days since 1970-01-01; TIME int32
/// milliseconds of the day; TIMESTAMP(3) and TIMESTAMP_LTZ(3) int64 milliseconds since the epoch (LTZ is UTC on the
/// wire); INTERVAL DAY TO SECOND int64 milliseconds; INTERVAL YEAR TO MONTH int32 months.
/// </remarks>
public sealed record SqlType(SqlTypeKind Kind, int Precision = 0, int Scale = 0, bool Nullable = true)
{
    public const int MaxDecimalPrecision = 38;

    public static readonly SqlType Null = new(SqlTypeKind.Null);
    public static readonly SqlType Boolean = new(SqlTypeKind.Boolean);
    public static readonly SqlType TinyInt = new(SqlTypeKind.TinyInt);
    public static readonly SqlType SmallInt = new(SqlTypeKind.SmallInt);
    public static readonly SqlType Int = new(SqlTypeKind.Int);
    public static readonly SqlType BigInt = new(SqlTypeKind.BigInt);
    public static readonly SqlType Float = new(SqlTypeKind.Float);
    public static readonly SqlType Double = new(SqlTypeKind.Double);
    public static readonly SqlType Varchar = new(SqlTypeKind.Varchar, int.MaxValue);
    public static readonly SqlType Date = new(SqlTypeKind.Date);
    public static readonly SqlType Time = new(SqlTypeKind.Time, 3);
    public static readonly SqlType Timestamp = new(SqlTypeKind.Timestamp, 3);
    public static readonly SqlType TimestampLtz = new(SqlTypeKind.TimestampLtz, 3);
    public static readonly SqlType IntervalDayTime = new(SqlTypeKind.IntervalDayTime);
    public static readonly SqlType IntervalYearMonth = new(SqlTypeKind.IntervalYearMonth);

    /// <summary>DECIMAL(precision, scale); precision 1..38, scale 0..precision.</summary>
    public static SqlType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > MaxDecimalPrecision || scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(
                nameof(precision),
                $"DECIMAL({precision}, {scale}) is not valid: precision must be 1..38 and scale 0..precision.");
        }

        return new SqlType(SqlTypeKind.Decimal, precision, scale);
    }

    public SqlType WithNullable(bool nullable) => nullable == Nullable ? this : this with { Nullable = nullable };

    public bool IsInteger => Kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt;

    public bool IsFloating => Kind is SqlTypeKind.Float or SqlTypeKind.Double;

    public bool IsNumeric => IsInteger || IsFloating || Kind == SqlTypeKind.Decimal;

    public bool IsTemporal => Kind is SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz;

    /// <summary>Bytes per value of the fixed-width layout; 0 for bit-packed booleans and variable-width strings.</summary>
    public int FixedWidth => Kind switch
    {
        SqlTypeKind.TinyInt => 1,
        SqlTypeKind.SmallInt => 2,
        SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth or SqlTypeKind.Float => 4,
        SqlTypeKind.BigInt or SqlTypeKind.Double or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime => 8,
        SqlTypeKind.Decimal => 16,
        _ => 0,
    };

    /// <summary>Decimal precision an integer type needs (TINYINT 3, SMALLINT 5, INT 10, BIGINT 19).</summary>
    public int IntegerDigits => Kind switch
    {
        SqlTypeKind.TinyInt => 3,
        SqlTypeKind.SmallInt => 5,
        SqlTypeKind.Int => 10,
        SqlTypeKind.BigInt => 19,
        _ => throw new InvalidOperationException($"{this} is not an integer type."),
    };

    /// <summary>The Arrow type of this SQL type's physical layout.</summary>
    public IArrowType ToArrow() => Kind switch
    {
        SqlTypeKind.Null => NullType.Default,
        SqlTypeKind.Boolean => BooleanType.Default,
        SqlTypeKind.TinyInt => Int8Type.Default,
        SqlTypeKind.SmallInt => Int16Type.Default,
        SqlTypeKind.Int => Int32Type.Default,
        SqlTypeKind.BigInt => Int64Type.Default,
        SqlTypeKind.Float => FloatType.Default,
        SqlTypeKind.Double => DoubleType.Default,
        SqlTypeKind.Decimal => new Decimal128Type(Precision, Scale),
        SqlTypeKind.Varchar => StringType.Default,
        SqlTypeKind.Date => Date32Type.Default,
        SqlTypeKind.Time => new Time32Type(TimeUnit.Millisecond),
        SqlTypeKind.Timestamp => new TimestampType(TimeUnit.Millisecond, (string?)null),
        SqlTypeKind.TimestampLtz => new TimestampType(TimeUnit.Millisecond, "UTC"),
        SqlTypeKind.IntervalDayTime => DurationType.Millisecond,
        SqlTypeKind.IntervalYearMonth => new IntervalType(IntervalUnit.YearMonth),
        _ => throw new NotSupportedException($"No Arrow layout for {this}."),
    };

    /// <summary>The SQL type an Arrow type holds, as VecFlow reads it.</summary>
    public static SqlType FromArrow(IArrowType type, bool nullable = true) => (type switch
    {
        NullType => Null,
        BooleanType => Boolean,
        Int8Type => TinyInt,
        Int16Type => SmallInt,
        Int32Type => Int,
        Int64Type => BigInt,
        FloatType => Float,
        DoubleType => Double,
        Decimal128Type d => Decimal(d.Precision, d.Scale),
        StringType => Varchar,
        Date32Type => Date,
        Time32Type { Unit: TimeUnit.Millisecond } => Time,
        TimestampType { Unit: TimeUnit.Millisecond } t => string.IsNullOrEmpty(t.Timezone) ? Timestamp : TimestampLtz,
        DurationType { Unit: TimeUnit.Millisecond } => IntervalDayTime,
        IntervalType { Unit: IntervalUnit.YearMonth } => IntervalYearMonth,
        _ => throw new NotSupportedException($"Arrow type {type.Name} has no VecFlow SQL type; supported are the layouts listed on SqlType."),
    }).WithNullable(nullable);

    public override string ToString()
    {
        string name = Kind switch
        {
            SqlTypeKind.Decimal => $"DECIMAL({Precision}, {Scale})",
            SqlTypeKind.Varchar => Precision == int.MaxValue ? "STRING" : $"VARCHAR({Precision})",
            SqlTypeKind.Timestamp => $"TIMESTAMP({Precision})",
            SqlTypeKind.TimestampLtz => $"TIMESTAMP_LTZ({Precision})",
            SqlTypeKind.IntervalDayTime => "INTERVAL DAY TO SECOND",
            SqlTypeKind.IntervalYearMonth => "INTERVAL YEAR TO MONTH",
            SqlTypeKind.TinyInt => "TINYINT",
            SqlTypeKind.SmallInt => "SMALLINT",
            SqlTypeKind.BigInt => "BIGINT",
            _ => Kind.ToString().ToUpperInvariant(),
        };
        return Nullable ? name : name + " NOT NULL";
    }
}
