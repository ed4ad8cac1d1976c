using System.Collections.Frozen;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    private enum TypeParameters
    {
        None,
        Length,
        PrecisionAndScale,
    }

    private static readonly FrozenDictionary<string, (ScalarTypeName Name, TypeParameters Parameters)> ScalarTypes =
        new Dictionary<string, (ScalarTypeName, TypeParameters)>
        {
            ["BOOLEAN"] = (ScalarTypeName.Boolean, TypeParameters.None),
            ["TINYINT"] = (ScalarTypeName.TinyInt, TypeParameters.None),
            ["SMALLINT"] = (ScalarTypeName.SmallInt, TypeParameters.None),
            ["INT"] = (ScalarTypeName.Int, TypeParameters.None),
            ["INTEGER"] = (ScalarTypeName.Int, TypeParameters.None),
            ["BIGINT"] = (ScalarTypeName.BigInt, TypeParameters.None),
            ["FLOAT"] = (ScalarTypeName.Float, TypeParameters.None),
            ["REAL"] = (ScalarTypeName.Float, TypeParameters.None),
            ["DOUBLE"] = (ScalarTypeName.Double, TypeParameters.None),
            ["DECIMAL"] = (ScalarTypeName.Decimal, TypeParameters.PrecisionAndScale),
            ["DEC"] = (ScalarTypeName.Decimal, TypeParameters.PrecisionAndScale),
            ["NUMERIC"] = (ScalarTypeName.Decimal, TypeParameters.PrecisionAndScale),
            ["CHAR"] = (ScalarTypeName.Char, TypeParameters.Length),
            ["CHARACTER"] = (ScalarTypeName.Char, TypeParameters.Length),
            ["VARCHAR"] = (ScalarTypeName.VarChar, TypeParameters.Length),
            ["STRING"] = (ScalarTypeName.String, TypeParameters.None),
            ["BINARY"] = (ScalarTypeName.Binary, TypeParameters.Length),
            ["VARBINARY"] = (ScalarTypeName.VarBinary, TypeParameters.Length),
            ["BYTES"] = (ScalarTypeName.Bytes, TypeParameters.None),
            ["DATE"] = (ScalarTypeName.Date, TypeParameters.None),
            ["TIME"] = (ScalarTypeName.Time, TypeParameters.Length),
            ["TIMESTAMP"] = (ScalarTypeName.Timestamp, TypeParameters.Length),
            ["TIMESTAMP_LTZ"] = (ScalarTypeName.TimestampLtz, TypeParameters.Length),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>A data type with its nullability and any postfix ARRAY / MULTISET.</summary>
    public SqlDataType ParseDataType()
    {
        GuardDepth();
        Token start = Current;
        SqlDataType type = ParseTypeCore();
        while (true)
        {
            if (AtKeyword(Keyword.Not) && AtKeyword(Keyword.Null, 1))
            {
                Advance();
                Advance();
                type = WithNullability(type, false, SpanFrom(start));
            }
            else if (AtKeyword(Keyword.Null))
            {
                Advance();
                type = WithNullability(type, true, SpanFrom(start));
            }
            else if (AtKeyword(Keyword.Array))
            {
                Advance();
                type = new ArrayDataType(type, true, SpanFrom(start));
            }
            else if (AtKeyword(Keyword.Multiset))
            {
                Advance();
                type = new MultisetDataType(type, true, SpanFrom(start));
            }
            else
            {
                Expect("NOT NULL");
                return type;
            }
        }
    }

    private static SqlDataType WithNullability(SqlDataType type, bool nullable, Source.SourceSpan span) => type switch
    {
        ScalarDataType t => t with { Nullable = nullable, Span = span },
        IntervalDataType t => t with { Nullable = nullable, Span = span },
        RowDataType t => t with { Nullable = nullable, Span = span },
        ArrayDataType t => t with { Nullable = nullable, Span = span },
        MultisetDataType t => t with { Nullable = nullable, Span = span },
        MapDataType t => t with { Nullable = nullable, Span = span },
        _ => type,
    };

    private SqlDataType ParseTypeCore()
    {
        Token start = Current;
        if (start.Kind == TokenKind.Word)
        {
            switch (start.Keyword)
            {
                case Keyword.Row:
                    return ParseRowType();
                case Keyword.Array or Keyword.Multiset:
                    {
                        Advance();
                        SqlDataType element = ParseAngleBracketed(() => ParseDataType());
                        return start.Keyword == Keyword.Array
                            ? new ArrayDataType(element, true, SpanFrom(start))
                            : new MultisetDataType(element, true, SpanFrom(start));
                    }

                case Keyword.Map:
                    {
                        Advance();
                        (SqlDataType Key, SqlDataType Value) entry = ParseAngleBracketed(() =>
                        {
                            SqlDataType key = ParseDataType();
                            ExpectToken(TokenKind.Comma);
                            return (key, ParseDataType());
                        });
                        return new MapDataType(entry.Key, entry.Value, true, SpanFrom(start));
                    }

                case Keyword.Interval:
                    Advance();
                    return new IntervalDataType(ParseIntervalQualifier(), true, SpanFrom(start));
            }

            if (ScalarTypes.TryGetValue(start.Text, out var scalar))
            {
                Advance();
                return ParseScalarType(start, scalar.Name, scalar.Parameters);
            }

            if (start.Text.ToUpperInvariant() is "RAW" or "STRUCTURED" or "NULL" or "SYMBOL" or "VARIANT")
            {
                throw NotSupported(start, $"the {start.Text.ToUpperInvariant()} type");
            }
        }

        Expect("data type");
        throw Unexpected();
    }

    private ScalarDataType ParseScalarType(Token start, ScalarTypeName name, TypeParameters parameters)
    {
        if (name == ScalarTypeName.Double)
        {
            AcceptKeywordText("PRECISION");
        }
        else if (name == ScalarTypeName.Char && AcceptKeywordText("VARYING"))
        {
            name = ScalarTypeName.VarChar;
        }

        int? precision = null;
        int? scale = null;
        if (parameters != TypeParameters.None && At(TokenKind.LeftParen))
        {
            Token open = Advance();
            precision = ParseSmallInteger(parameters == TypeParameters.Length ? "length" : "precision");
            if (parameters == TypeParameters.PrecisionAndScale && Accept(TokenKind.Comma))
            {
                scale = ParseSmallInteger("scale");
            }

            ExpectClose(open);
        }

        if (name is ScalarTypeName.Time or ScalarTypeName.Timestamp)
        {
            if (AtKeyword(Keyword.Without) && AtKeyword(Keyword.Time, 1))
            {
                Advance();
                Advance();
                ExpectKeyword(Keyword.Zone);
            }
            else if (name == ScalarTypeName.Timestamp && AtKeyword(Keyword.With) && AtKeyword(Keyword.Local, 1))
            {
                Advance();
                Advance();
                ExpectKeyword(Keyword.Time);
                ExpectKeyword(Keyword.Zone);
                name = ScalarTypeName.TimestampLtz;
            }
        }

        return new ScalarDataType(name, precision, scale, true, SpanFrom(start));
    }

    /// <summary>A word that is not a keyword elsewhere (PRECISION, VARYING), accepted by its text.</summary>
    private bool AcceptKeywordText(string word)
    {
        if (At(TokenKind.Word) && Current.Text.Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            Advance();
            return true;
        }

        Expect(word);
        return false;
    }

    private RowDataType ParseRowType()
    {
        Token start = ExpectKeyword(Keyword.Row);
        List<RowField> fields;
        if (At(TokenKind.LeftParen))
        {
            Token open = Advance();
            fields = ParseRowFields(TokenKind.RightParen);
            ExpectClose(open);
        }
        else
        {
            fields = ParseAngleBracketed(() => ParseRowFields(TokenKind.Greater));
        }

        return new RowDataType(fields, true, SpanFrom(start));
    }

    private List<RowField> ParseRowFields(TokenKind close)
    {
        var fields = new List<RowField>();
        if (At(close))
        {
            return fields;
        }

        do
        {
            Token start = Current;
            Identifier name = ParseIdentifier();
            SqlDataType type = ParseDataType();
            TryParseComment(out StringLiteral? comment);
            fields.Add(new RowField(name, type, comment, SpanFrom(start)));
        }
        while (Accept(TokenKind.Comma));

        return fields;
    }

    private T ParseAngleBracketed<T>(Func<T> parseInner)
    {
        Token open = ExpectToken(TokenKind.Less);
        T inner = parseInner();
        if (!Accept(TokenKind.Greater))
        {
            throw Unexpected(AtEndOfStatement ? $" to close the '<' at {open.Span}" : null);
        }

        return inner;
    }
}
