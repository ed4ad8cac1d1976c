using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Parsing;

internal sealed partial class Parser
{
    /// <summary><c>([base] [PARTITION BY ..] [ORDER BY ..] [ROWS|RANGE ..])</c> after OVER or in a WINDOW clause.</summary>
    private WindowSpecification ParseWindowSpecification()
    {
        Token open = ExpectToken(TokenKind.LeftParen);
        Identifier? baseWindow = null;
        if (AtIdentifier() && !AtKeyword(Keyword.Partition) && !AtKeyword(Keyword.Rows) && !AtKeyword(Keyword.Range))
        {
            baseWindow = ParseIdentifier();
        }

        List<SqlExpression> partitionBy = AcceptKeywords(Keyword.Partition, Keyword.By) ? ParseExpressionList() : [];
        List<OrderItem> orderBy = AcceptKeywords(Keyword.Order, Keyword.By) ? ParseOrderItems() : [];
        WindowFrame? frame = null;
        Token frameStart = Current;
        if (AcceptKeyword(Keyword.Rows) || AcceptKeyword(Keyword.Range))
        {
            WindowFrameUnit unit = frameStart.Keyword == Keyword.Rows ? WindowFrameUnit.Rows : WindowFrameUnit.Range;
            FrameBound startBound;
            FrameBound? endBound = null;
            if (AcceptKeyword(Keyword.Between))
            {
                startBound = ParseFrameBound();
                ExpectKeyword(Keyword.And);
                endBound = ParseFrameBound();
            }
            else
            {
                startBound = ParseFrameBound();
            }

            frame = new WindowFrame(unit, startBound, endBound, SpanFrom(frameStart));
        }

        ExpectClose(open);
        return new WindowSpecification(baseWindow, partitionBy, orderBy, frame, SpanFrom(open));
    }

    private FrameBound ParseFrameBound()
    {
        Token start = Current;
        if (AcceptKeyword(Keyword.Unbounded))
        {
            if (AcceptKeyword(Keyword.Preceding))
            {
                return new FrameBound(FrameBoundKind.UnboundedPreceding, null, SpanFrom(start));
            }

            ExpectKeyword(Keyword.Following);
            return new FrameBound(FrameBoundKind.UnboundedFollowing, null, SpanFrom(start));
        }

        if (AtKeyword(Keyword.Current) && AtKeyword(Keyword.Row, 1))
        {
            Advance();
            Advance();
            return new FrameBound(FrameBoundKind.CurrentRow, null, SpanFrom(start));
        }

        Expect("UNBOUNDED");
        Expect("CURRENT ROW");

        // The offset binds tighter than AND so that BETWEEN .. AND .. separates the bounds.
        SqlExpression offset = ParseExpression(AdditivePrecedence);
        if (AcceptKeyword(Keyword.Preceding))
        {
            return new FrameBound(FrameBoundKind.Preceding, offset, SpanFrom(start));
        }

        ExpectKeyword(Keyword.Following);
        return new FrameBound(FrameBoundKind.Following, offset, SpanFrom(start));
    }
}
