using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of data types as written; the binder turns them into engine types.</summary>
/// <remarks><see cref="Nullable"/>: False when NOT NULL was written.</remarks>
public abstract record SqlDataType(bool Nullable, SourceSpan Span) : SqlNode(Span);

/// <summary>The scalar type names, with synonyms folded (INTEGER is INT, DEC and NUMERIC are DECIMAL, REAL is FLOAT).</summary>
public enum ScalarTypeName
{
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal,
    Char,
    VarChar,

    /// <summary>STRING: VARCHAR of the maximum length.</summary>
    String,
    Binary,
    VarBinary,

    /// <summary>BYTES: VARBINARY of the maximum length.</summary>
    Bytes,
    Date,
    Time,
    Timestamp,

    /// <summary>TIMESTAMP_LTZ, also written TIMESTAMP WITH LOCAL TIME ZONE.</summary>
    TimestampLtz,
}

/// <summary>A scalar type with its optional precision and scale: <c>DECIMAL(10, 2)</c>, <c>VARCHAR(20)</c>, <c>TIMESTAMP(3)</c>.</summary>
public sealed record ScalarDataType(ScalarTypeName Name, int? Precision, int? Scale, bool Nullable, SourceSpan Span)
    : SqlDataType(Nullable, Span);

/// <summary><c>INTERVAL DAY TO SECOND(3)</c> and the other interval types.</summary>
public sealed record IntervalDataType(IntervalQualifier Qualifier, bool Nullable, SourceSpan Span)
    : SqlDataType(Nullable, Span);

/// <summary><c>ROW&lt;name type [COMMENT '..'], ..&gt;</c> or <c>ROW(name type, ..)</c>.</summary>
public sealed record RowDataType(IReadOnlyList<RowField> Fields, bool Nullable, SourceSpan Span)
    : SqlDataType(Nullable, Span);

/// <summary>One field of a ROW type.</summary>
public sealed record RowField(Identifier Name, SqlDataType Type, StringLiteral? Comment, SourceSpan Span)
    : SqlNode(Span);

/// <summary><c>ARRAY&lt;T&gt;</c> or <c>T ARRAY</c>.</summary>
public sealed record ArrayDataType(SqlDataType Element, bool Nullable, SourceSpan Span) : SqlDataType(Nullable, Span);

/// <summary><c>MULTISET&lt;T&gt;</c> or <c>T MULTISET</c>.</summary>
public sealed record MultisetDataType(SqlDataType Element, bool Nullable, SourceSpan Span)
    : SqlDataType(Nullable, Span);

/// <summary><c>MAP&lt;K, V&gt;</c>.</summary>
public sealed record MapDataType(SqlDataType Key, SqlDataType Value, bool Nullable, SourceSpan Span)
    : SqlDataType(Nullable, Span);
