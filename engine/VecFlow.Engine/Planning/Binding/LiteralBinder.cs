using System.Globalization;
using System.Numerics;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Types literals as Flink does: INT or BIGINT for integers, exact DECIMAL for 1.50, DOUBLE for 1e3.</summary>
internal static class LiteralBinder
{
    public static Literal Bind(LiteralExpression literal) => literal switch
    {
        NumericLiteral n => new Literal(Numeric(n)),
        StringLiteral s => new Literal(new ScalarValue(SqlType.Varchar.WithNullable(false), s.Value)),
        BooleanLiteral { Value: null } => new Literal(ScalarValue.Null(SqlType.Boolean)),
        BooleanLiteral b => new Literal(new ScalarValue(SqlType.Boolean.WithNullable(false), b.Value)),
        NullLiteral => new Literal(ScalarValue.Null(SqlType.Null)),
        DateTimeLiteral d => new Literal(DateTime(d)),
        IntervalLiteral i => new Literal(Interval(i)),
        _ => throw new SqlValidationException(literal.Span, $"not supported: the literal {literal.GetType().Name}"),
    };

    /// <summary>A negative numeric literal stays a literal of the same type (so -2147483648 is an INT).</summary>
    public static Literal? Negate(Literal literal) => literal.Value.Value switch
    {
        int i when i != int.MinValue => new Literal(literal.Value with { Value = -i }),
        long l when l != long.MinValue => new Literal(literal.Value with { Value = -l }),
        Int128 d => new Literal(literal.Value with { Value = -d }),
        double d => new Literal(literal.Value with { Value = -d }),
        _ => null,
    };

    private static ScalarValue Numeric(NumericLiteral n)
    {
        switch (n.Kind)
        {
            case NumericLiteralKind.Integer:
                if (int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
                {
                    return new ScalarValue(SqlType.Int.WithNullable(false), i);
                }

                if (long.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long l))
                {
                    return new ScalarValue(SqlType.BigInt.WithNullable(false), l);
                }

                return DecimalOf(n, n.Text, 0);
            case NumericLiteralKind.Decimal:
                string text = n.Text;
                int dot = text.IndexOf('.', StringComparison.Ordinal);
                string digits = text.Replace(".", string.Empty, StringComparison.Ordinal);
                return DecimalOf(n, digits, dot < 0 ? 0 : text.Length - dot - 1);
            default:
                return new ScalarValue(SqlType.Double.WithNullable(false), double.Parse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    private static ScalarValue DecimalOf(NumericLiteral n, string digits, int scale)
    {
        BigInteger value = BigInteger.Parse(digits.Length == 0 ? "0" : digits, NumberStyles.None, CultureInfo.InvariantCulture);
        string significant = digits.TrimStart('0');
        int precision = Math.Max(Math.Max(significant.Length, scale), 1);
        if (precision > SqlType.MaxDecimalPrecision)
        {
            throw new SqlValidationException(n.Span, $"the number {n.Text} has more than 38 digits; write it as a DOUBLE (1.5E40) or with fewer digits");
        }

        return new ScalarValue(SqlType.Decimal(precision, scale).WithNullable(false), (Int128)value);
    }

    private static ScalarValue DateTime(DateTimeLiteral d)
    {
        SqlType target = d.Kind switch
        {
            DateTimeLiteralKind.Date => SqlType.Date,
            DateTimeLiteralKind.Time => SqlType.Time,
            DateTimeLiteralKind.Timestamp => SqlType.Timestamp,
            _ => SqlType.TimestampLtz,
        };
        try
        {
            return CastKernels.Cast(ScalarValue.String(d.Value), target.WithNullable(false));
        }
        catch (Exception e) when (e is VecFlow.Vector.Errors.SqlRuntimeException or FormatException or OverflowException)
        {
            throw new SqlValidationException(d.Span, $"'{d.Value}' is not a valid {target.WithNullable(true)} literal; write e.g. {Example(d.Kind)}");
        }
    }

    private static string Example(DateTimeLiteralKind kind) => kind switch
    {
        DateTimeLiteralKind.Date => "DATE '2026-11-26'",
        DateTimeLiteralKind.Time => "TIME '12:30:00'",
        _ => "TIMESTAMP '2026-11-26 12:30:00.000'",
    };

    private static ScalarValue Interval(IntervalLiteral i)
    {
        IntervalQualifier q = i.Qualifier;
        string text = i.Value.Trim();
        bool negative = i.Negative;
        if (text.StartsWith('-'))
        {
            negative = !negative;
            text = text[1..].Trim();
        }
        else if (text.StartsWith('+'))
        {
            text = text[1..].Trim();
        }

        try
        {
            if (q.Start is TimeUnit.Year or TimeUnit.Month)
            {
                long months = q.Start == TimeUnit.Year && q.End == TimeUnit.Month
                    ? (long.Parse(text.Split('-')[0], CultureInfo.InvariantCulture) * 12) + long.Parse(text.Split('-')[1], CultureInfo.InvariantCulture)
                    : long.Parse(text, CultureInfo.InvariantCulture) * (q.Start == TimeUnit.Year ? 12 : 1);
                return new ScalarValue(SqlType.IntervalYearMonth.WithNullable(false), checked((int)(negative ? -months : months)));
            }

            long millis = q.End is null ? Single(q.Start, text) : Compound(q.Start, q.End.Value, text);
            return new ScalarValue(SqlType.IntervalDayTime.WithNullable(false), negative ? -millis : millis);
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new SqlValidationException(i.Span, $"'{i.Value}' is not a valid interval of {q.Start}{(q.End is { } end ? $" TO {end}" : string.Empty)}; write e.g. INTERVAL '10' SECOND or INTERVAL '1 02:03:04.5' DAY TO SECOND");
        }
    }

    private static long UnitMillis(TimeUnit unit) => unit switch
    {
        TimeUnit.Week => 7L * 86_400_000,
        TimeUnit.Day => 86_400_000,
        TimeUnit.Hour => 3_600_000,
        TimeUnit.Minute => 60_000,
        TimeUnit.Second => 1000,
        TimeUnit.Millisecond => 1,
        _ => throw new FormatException(),
    };

    private static long Single(TimeUnit unit, string text)
    {
        if (unit == TimeUnit.Second && text.Contains('.', StringComparison.Ordinal))
        {
            return (long)Math.Round(decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 1000m);
        }

        return checked(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) * UnitMillis(unit));
    }

    private static long Compound(TimeUnit start, TimeUnit end, string text)
    {
        // 'd hh:mm:ss.fff' split into the units from start to end.
        string[] parts = text.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
        TimeUnit[] order = [TimeUnit.Day, TimeUnit.Hour, TimeUnit.Minute, TimeUnit.Second];
        int first = Array.IndexOf(order, start);
        int last = Array.IndexOf(order, end);
        if (first < 0 || last < first || parts.Length != last - first + 1)
        {
            throw new FormatException();
        }

        long total = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            total = checked(total + Single(order[first + k], parts[k]));
        }

        return total;
    }
}
