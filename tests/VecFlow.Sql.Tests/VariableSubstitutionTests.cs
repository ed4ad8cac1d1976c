using VecFlow.Sql.Ast;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Tests;

public class VariableSubstitutionTests
{
    private static readonly Dictionary<string, string> Vars = new()
    {
        ["TPS"] = "1000",
        ["TABLE"] = "events",
        ["LONG_VALUE"] = "a_much_longer_table_name",
        ["EMPTY"] = string.Empty,
        ["TWO_LINES"] = "x\n+ y",
    };

    [Fact]
    public void Substitutes_in_code_and_in_strings()
    {
        SqlSource source = VariableSubstitution.Apply("SELECT '${TPS}' FROM ${TABLE}", Vars);
        Assert.Equal("SELECT '1000' FROM events", source.Text);
        Assert.Equal("SELECT '${TPS}' FROM ${TABLE}", source.Original);
    }

    [Fact]
    public void Leaves_comments_alone()
    {
        SqlSource source = VariableSubstitution.Apply("SELECT 1 -- ${UNDEFINED}\n/* ${ALSO} */", Vars);
        Assert.Equal(source.Original, source.Text);
    }

    [Fact]
    public void Leaves_text_that_is_not_a_reference()
    {
        SqlSource source = VariableSubstitution.Apply("SELECT '$dt $hm:00', '${', '${1X}'", Vars);
        Assert.Equal(source.Original, source.Text);
    }

    [Fact]
    public void Comment_markers_inside_strings_are_not_comments()
    {
        SqlSource source = VariableSubstitution.Apply("SELECT '--', '/*', '${TPS}'", Vars);
        Assert.Equal("SELECT '--', '/*', '1000'", source.Text);
    }

    [Fact]
    public void Undefined_variable_is_an_error_naming_it_and_the_defined_ones()
    {
        SqlParseException error = SqlAssert.Error("SELECT 1\nFROM ${NOPE}", 2, 6, SqlParseErrorKind.UndefinedVariable, Vars);
        Assert.Equal(
            "line 2, column 6: undefined variable ${NOPE}; defined variables: EMPTY, LONG_VALUE, TABLE, TPS, TWO_LINES",
            error.Message);
        Assert.Equal("${NOPE}", error.Offending);
        Assert.Equal("FROM ${NOPE}", error.SourceLine);
    }

    [Fact]
    public void Undefined_variable_without_any_variables_says_so()
    {
        SqlParseException error = SqlAssert.Error("SELECT '${X}'", 1, 9, SqlParseErrorKind.UndefinedVariable);
        Assert.EndsWith("undefined variable ${X}; no variables are defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_positions_after_a_longer_value_refer_to_the_original_text()
    {
        const string Sql = "SELECT a FROM ${LONG_VALUE} WHERE b > 1";
        var select = Assert.IsType<SelectQuery>(SqlParser.ParseQuery(Sql, Vars));
        Assert.Equal("b > 1", Sql[select.Where!.Span.Start..select.Where.Span.End]);
        Assert.Equal((1, 35), (select.Where.Span.Line, select.Where.Span.Column));
        Assert.Equal("${LONG_VALUE}", Sql[select.From!.Span.Start..select.From.Span.End]);
    }

    [Fact]
    public void Errors_after_a_multi_line_value_refer_to_the_original_line()
    {
        // The value spans two lines; the error on the original second line must still say line 2.
        SqlParseException error = SqlAssert.Error("SELECT ${TWO_LINES}\nFROM t WHERE", 2, 13, SqlParseErrorKind.UnexpectedEndOfInput, Vars);
        Assert.Equal("FROM t WHERE", error.SourceLine);
    }

    [Fact]
    public void Errors_inside_a_value_point_at_the_reference()
    {
        var vars = new Dictionary<string, string> { ["BAD"] = "1 +" };
        SqlParseException error = SqlAssert.Error("SELECT ${BAD} FROM t", 1, 15, SqlParseErrorKind.UnexpectedToken, vars);
        Assert.Contains("unexpected 'FROM', expected expression", error.Message, StringComparison.Ordinal);

        // A quote inside the value ends the literal early; the closing quote as written is then unterminated.
        var quote = new Dictionary<string, string> { ["Q"] = "it's" };
        SqlAssert.Error("SELECT '${Q}' FROM t", 1, 13, SqlParseErrorKind.UnterminatedString, quote);
    }

    [Fact]
    public void Empty_values_are_allowed()
    {
        var select = Assert.IsType<SelectQuery>(SqlParser.ParseQuery("SELECT a${EMPTY} FROM t", Vars));
        var item = Assert.IsType<ExpressionSelectItem>(Assert.Single(select.Items));
        Assert.Equal((7, 8), (item.Span.Start, item.Span.End));
    }
}
