namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>The SQL types a generated corpus column can have.</summary>
public enum CorpusTypeKind
{
    Boolean,
    Int,
    BigInt,
    Double,
    Decimal,
    Varchar,
    Date,
    Timestamp,
}

/// <summary>A column type of a generated table, spelled for Flink DDL and for DuckDB.</summary>
public sealed record CorpusType(CorpusTypeKind Kind, int Precision = 0, int Scale = 0)
{
    public static readonly CorpusType Boolean = new(CorpusTypeKind.Boolean);
    public static readonly CorpusType Int = new(CorpusTypeKind.Int);
    public static readonly CorpusType BigInt = new(CorpusTypeKind.BigInt);
    public static readonly CorpusType Double = new(CorpusTypeKind.Double);
    public static readonly CorpusType Varchar = new(CorpusTypeKind.Varchar);
    public static readonly CorpusType Date = new(CorpusTypeKind.Date);
    public static readonly CorpusType Timestamp3 = new(CorpusTypeKind.Timestamp, 3);

    public static CorpusType Decimal(int precision, int scale) => new(CorpusTypeKind.Decimal, precision, scale);

    /// <summary>The type as written in a Flink CREATE TABLE.</summary>
    public string FlinkName => Kind switch
    {
        CorpusTypeKind.Boolean => "BOOLEAN",
        CorpusTypeKind.Int => "INT",
        CorpusTypeKind.BigInt => "BIGINT",
        CorpusTypeKind.Double => "DOUBLE",
        CorpusTypeKind.Decimal => $"DECIMAL({Precision}, {Scale})",
        CorpusTypeKind.Varchar => "STRING",
        CorpusTypeKind.Date => "DATE",
        CorpusTypeKind.Timestamp => $"TIMESTAMP({Precision})",
        _ => throw new InvalidOperationException($"unknown corpus type {Kind}"),
    };

    /// <summary>The type as DuckDB's read_csv columns map expects it.</summary>
    public string DuckDbName => Kind switch
    {
        CorpusTypeKind.Boolean => "BOOLEAN",
        CorpusTypeKind.Int => "INTEGER",
        CorpusTypeKind.BigInt => "BIGINT",
        CorpusTypeKind.Double => "DOUBLE",
        CorpusTypeKind.Decimal => $"DECIMAL({Precision}, {Scale})",
        CorpusTypeKind.Varchar => "VARCHAR",
        CorpusTypeKind.Date => "DATE",
        // DuckDB's TIMESTAMP has microsecond precision; the generator only produces whole milliseconds.
        CorpusTypeKind.Timestamp => "TIMESTAMP",
        _ => throw new InvalidOperationException($"unknown corpus type {Kind}"),
    };
}
