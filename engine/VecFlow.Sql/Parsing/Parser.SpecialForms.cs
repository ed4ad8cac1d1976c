using System.Collections.Frozen;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

/// <summary>Functions whose arguments are not a plain comma list (CAST, EXTRACT, TRIM, ...) and typed literals.</summary>
internal sealed partial class Parser
{
    private static readonly FrozenDictionary<string, TimeUnit> SingularUnits = new Dictionary<string, TimeUnit>
    {
        ["YEAR"] = TimeUnit.Year,
        ["QUARTER"] = TimeUnit.Quarter,
        ["MONTH"] = TimeUnit.Month,
        ["WEEK"] = TimeUnit.Week,
        ["DAY"] = TimeUnit.Day,
        ["HOUR"] = TimeUnit.Hour,
        ["MINUTE"] = TimeUnit.Minute,
        ["SECOND"] = TimeUnit.Second,
        ["MILLISECOND"] = TimeUnit.Millisecond,
        ["MICROSECOND"] = TimeUnit.Microsecond,
        ["NANOSECOND"] = TimeUnit.Nanosecond,
        ["DOW"] = TimeUnit.DayOfWeek,
        ["DOY"] = TimeUnit.DayOfYear,
        ["ISODOW"] = TimeUnit.IsoDayOfWeek,
        ["ISOYEAR"] = TimeUnit.IsoYear,
        ["EPOCH"] = TimeUnit.Epoch,
        ["DECADE"] = TimeUnit.Decade,
        ["CENTURY"] = TimeUnit.Century,
        ["MILLENNIUM"] = TimeUnit.Millennium,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Flink accepts plural units in interval qualifiers (INTERVAL '5' MINUTES) and JDBC's SQL_TSI_ names in
    // TIMESTAMPADD / TIMESTAMPDIFF.
    private static readonly FrozenDictionary<string, TimeUnit> AlternativeUnits = new Dictionary<string, TimeUnit>
    {
        ["YEARS"] = TimeUnit.Year,
        ["QUARTERS"] = TimeUnit.Quarter,
        ["MONTHS"] = TimeUnit.Month,
        ["WEEKS"] = TimeUnit.Week,
        ["DAYS"] = TimeUnit.Day,
        ["HOURS"] = TimeUnit.Hour,
        ["MINUTES"] = TimeUnit.Minute,
        ["SECONDS"] = TimeUnit.Second,
        ["MILLISECONDS"] = TimeUnit.Millisecond,
        ["MICROSECONDS"] = TimeUnit.Microsecond,
        ["NANOSECONDS"] = TimeUnit.Nanosecond,
        ["SQL_TSI_YEAR"] = TimeUnit.Year,
        ["SQL_TSI_QUARTER"] = TimeUnit.Quarter,
        ["SQL_TSI_MONTH"] = TimeUnit.Month,
        ["SQL_TSI_WEEK"] = TimeUnit.Week,
        ["SQL_TSI_DAY"] = TimeUnit.Day,
        ["SQL_TSI_HOUR"] = TimeUnit.Hour,
        ["SQL_TSI_MINUTE"] = TimeUnit.Minute,
        ["SQL_TSI_SECOND"] = TimeUnit.Second,
        ["SQL_TSI_MICROSECOND"] = TimeUnit.Microsecond,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private TimeUnit ParseTimeUnit(bool allowAlternatives = false)
    {
        Token token = Current;
        if (token.Kind == TokenKind.Word
            && (SingularUnits.TryGetValue(token.Text, out TimeUnit unit)
                || (allowAlternatives && AlternativeUnits.TryGetValue(token.Text, out unit))))
        {
            Advance();
            return unit;
        }

        Expect("time unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, ...)");
        throw Unexpected();
    }

    private CastExpression ParseCast()
    {
        Token start = Advance();
        Token open = Advance();
        SqlExpression operand = ParseExpression();
        ExpectKeyword(Keyword.As);
        SqlDataType type = ParseDataType();
        ExpectClose(open);
        return new CastExpression(operand, type, start.Keyword == Keyword.TryCast, SpanFrom(start));
    }

    private ExtractExpression ParseExtract()
    {
        Token start = Advance();
        Token open = Advance();
        TimeUnit unit = ParseTimeUnit();
        ExpectKeyword(Keyword.From);
        SqlExpression source = ParseExpression();
        ExpectClose(open);
        return new ExtractExpression(unit, source, SpanFrom(start));
    }

    /// <summary><c>FLOOR(x TO unit)</c> is special syntax; <c>FLOOR(x)</c> is an ordinary call.</summary>
    private SqlExpression ParseFloorCeil()
    {
        Token start = Advance();
        Token open = Advance();
        SqlExpression operand = ParseExpression();
        if (AcceptKeyword(Keyword.To))
        {
            TimeUnit unit = ParseTimeUnit();
            ExpectClose(open);
            FloorCeilKind kind = start.Keyword == Keyword.Floor ? FloorCeilKind.Floor : FloorCeilKind.Ceil;
            return new FloorCeilExpression(kind, operand, unit, SpanFrom(start));
        }

        ExpectClose(open);
        var name = new QualifiedName([new Identifier(start.Text, false, start.Span)], start.Span);
        return new FunctionCallExpression(name, SetQuantifier.Default, [operand], false, null, null, SpanFrom(start));
    }

    private TrimExpression ParseTrim()
    {
        Token start = Advance();
        Token open = Advance();
        TrimSide side = TrimSide.Both;
        bool sideWritten = true;
        if (AcceptKeyword(Keyword.Leading))
        {
            side = TrimSide.Leading;
        }
        else if (AcceptKeyword(Keyword.Trailing))
        {
            side = TrimSide.Trailing;
        }
        else if (!AcceptKeyword(Keyword.Both))
        {
            sideWritten = false;
        }

        SqlExpression? characters = null;
        SqlExpression source;
        if (AcceptKeyword(Keyword.From))
        {
            source = ParseExpression();
        }
        else
        {
            SqlExpression first = ParseExpression();
            if (AcceptKeyword(Keyword.From))
            {
                characters = first;
                source = ParseExpression();
            }
            else if (sideWritten)
            {
                throw Unexpected();
            }
            else
            {
                source = first;
            }
        }

        ExpectClose(open);
        return new TrimExpression(side, characters, source, SpanFrom(start));
    }

    private SubstringExpression ParseSubstring()
    {
        Token start = Advance();
        Token open = Advance();
        SqlExpression source = ParseExpression();
        SqlExpression position;
        SqlExpression? length = null;
        if (AcceptKeyword(Keyword.From))
        {
            position = ParseExpression();
            if (AcceptKeyword(Keyword.For))
            {
                length = ParseExpression();
            }
        }
        else
        {
            ExpectToken(TokenKind.Comma);
            position = ParseExpression();
            if (Accept(TokenKind.Comma))
            {
                length = ParseExpression();
            }
        }

        ExpectClose(open);
        return new SubstringExpression(source, position, length, SpanFrom(start));
    }

    private PositionExpression ParsePosition()
    {
        Token start = Advance();
        Token open = Advance();

        // The needle binds tighter than IN so that IN separates the arguments.
        SqlExpression needle = ParseExpression(AdditivePrecedence);
        ExpectKeyword(Keyword.In);
        SqlExpression haystack = ParseExpression();
        SqlExpression? from = AcceptKeyword(Keyword.From) ? ParseExpression() : null;
        ExpectClose(open);
        return new PositionExpression(needle, haystack, from, SpanFrom(start));
    }

    private OverlayExpression ParseOverlay()
    {
        Token start = Advance();
        Token open = Advance();
        SqlExpression source = ParseExpression();
        ExpectKeyword(Keyword.Placing);
        SqlExpression replacement = ParseExpression();
        ExpectKeyword(Keyword.From);
        SqlExpression position = ParseExpression();
        SqlExpression? length = AcceptKeyword(Keyword.For) ? ParseExpression() : null;
        ExpectClose(open);
        return new OverlayExpression(source, replacement, position, length, SpanFrom(start));
    }

    private SqlExpression ParseTimestampArithmetic()
    {
        Token start = Advance();
        Token open = Advance();
        TimeUnit unit = ParseTimeUnit(allowAlternatives: true);
        ExpectToken(TokenKind.Comma);
        SqlExpression first = ParseExpression();
        ExpectToken(TokenKind.Comma);
        SqlExpression second = ParseExpression();
        ExpectClose(open);
        return start.Keyword == Keyword.Timestampadd
            ? new TimestampAddExpression(unit, first, second, SpanFrom(start))
            : new TimestampDiffExpression(unit, first, second, SpanFrom(start));
    }

    private DateTimeLiteral ParseDateTimeLiteral()
    {
        Token start = Advance();
        DateTimeLiteralKind kind = start.Keyword switch
        {
            Keyword.Date => DateTimeLiteralKind.Date,
            Keyword.Time => DateTimeLiteralKind.Time,
            Keyword.TimestampLtz => DateTimeLiteralKind.TimestampLtz,
            _ => DateTimeLiteralKind.Timestamp,
        };
        if (kind == DateTimeLiteralKind.Timestamp && AcceptKeyword(Keyword.With))
        {
            ExpectKeyword(Keyword.Local);
            ExpectKeyword(Keyword.Time);
            ExpectKeyword(Keyword.Zone);
            kind = DateTimeLiteralKind.TimestampLtz;
        }

        StringLiteral value = ParseStringLiteral();
        return new DateTimeLiteral(kind, value.Value, SpanFrom(start));
    }

    private IntervalLiteral ParseIntervalLiteral()
    {
        Token start = ExpectKeyword(Keyword.Interval);
        bool negative = false;
        if (At(TokenKind.Minus) || At(TokenKind.Plus))
        {
            negative = Advance().Kind == TokenKind.Minus;
        }

        StringLiteral value = ParseStringLiteral(" (interval values are quoted, as in INTERVAL '10' SECOND)");
        IntervalQualifier qualifier = ParseIntervalQualifier();
        return new IntervalLiteral(value.Value, negative, qualifier, SpanFrom(start));
    }

    /// <summary><c>unit [(p [, f])] [TO unit [(f)]]</c>, with the unit pairs SQL allows.</summary>
    private IntervalQualifier ParseIntervalQualifier()
    {
        Token start = Current;
        TimeUnit startUnit = ParseTimeUnit(allowAlternatives: true);
        int? precision = null;
        int? fractional = null;
        if (At(TokenKind.LeftParen))
        {
            Token open = Advance();
            precision = ParseSmallInteger("precision");
            if (Accept(TokenKind.Comma))
            {
                fractional = ParseSmallInteger("fractional second precision");
            }

            ExpectClose(open);
        }

        TimeUnit? endUnit = null;
        if (AcceptKeyword(Keyword.To))
        {
            Token endToken = Current;
            endUnit = ParseTimeUnit(allowAlternatives: true);
            if (!IsValidIntervalRange(startUnit, endUnit.Value))
            {
                throw Error(SqlParseErrorKind.InvalidSyntax, SpanFrom(start),
                    $"invalid interval qualifier {Spell(startUnit)} TO {Spell(endUnit.Value)}: valid ranges are YEAR TO MONTH, "
                    + "DAY TO HOUR|MINUTE|SECOND, HOUR TO MINUTE|SECOND and MINUTE TO SECOND",
                    endToken.Text);
            }

            if (At(TokenKind.LeftParen))
            {
                Token open = Advance();
                fractional = ParseSmallInteger("fractional second precision");
                ExpectClose(open);
            }
        }

        return new IntervalQualifier(startUnit, precision, endUnit, fractional, SpanFrom(start));
    }

    private static bool IsValidIntervalRange(TimeUnit start, TimeUnit end) => (start, end) switch
    {
        (TimeUnit.Year, TimeUnit.Month) => true,
        (TimeUnit.Day, TimeUnit.Hour or TimeUnit.Minute or TimeUnit.Second) => true,
        (TimeUnit.Hour, TimeUnit.Minute or TimeUnit.Second) => true,
        (TimeUnit.Minute, TimeUnit.Second) => true,
        _ => false,
    };

    private static string Spell(TimeUnit unit) => Printing.SqlPrinter.Spell(unit);
}
