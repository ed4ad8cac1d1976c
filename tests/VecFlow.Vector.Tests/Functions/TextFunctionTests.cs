using System.Text.RegularExpressions;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Functions;

public sealed class TextFunctionTests : FunctionTest
{
    private static readonly ColumnRef S = new(0, SqlType.Varchar, "s");

    private static readonly string[] Samples = ["", "a", "abc-123", "x-1-y-22", "héllo wörld", "日本語-9", "ab,cd,,ef", "HELLO world_foo bar2baz", "🙂a-7"];

    [Fact]
    public void Text_functions_match_the_reference_on_every_length_with_nulls()
    {
        var random = new Random(3);
        for (int n = 0; n <= 257; n += n < 70 ? 1 : 17)
        {
            string?[] values = [.. Enumerable.Range(0, n).Select(_ => random.Next(8) == 0 ? null : Samples[random.Next(Samples.Length)])];
            using ColumnBatch batch = Batch(ColumnFactory.FromStrings(values, Pool));
            Assert.Equal(values.Select(v => v is null ? null : Regex.Match(v, "([0-9]+)") is { Success: true } m ? m.Groups[1].Value : null), Eval(Call("REGEXP_EXTRACT", S, Text("([0-9]+)")), batch));
            Assert.Equal(values.Select(v => v is null ? null : Regex.Replace(v, "[0-9]", "#")), Eval(Call("REGEXP_REPLACE", S, Text("[0-9]"), Text("#")), batch));
            Assert.Equal(values.Select(v => v is null ? null : (object)v.Contains('-', StringComparison.Ordinal)), Eval(Call("REGEXP", S, Text("-")), batch));
            Assert.Equal(values.Select(v => v is null ? null : SplitIndex(v, "-", 1)), Eval(Call("SPLIT_INDEX", S, Text("-"), Int(1)), batch));
            Assert.Equal(values.Select(v => v is null ? null : Reverse(v)), Eval(Call("REVERSE", S), batch));
            Assert.Equal(values.Select(v => v is null ? null : Pad(v, 6, "*-", left: true)), Eval(Call("LPAD", S, Int(6), Text("*-")), batch));
            Assert.Equal(values.Select(v => v is null ? null : Pad(v, 6, "*-", left: false)), Eval(Call("RPAD", S, Int(6), Text("*-")), batch));
            Assert.Equal(values.Select(v => v is null ? null : string.Concat(Enumerable.Repeat(v, 3))), Eval(Call("REPEAT", S, Int(3)), batch));
        }
    }

    [Fact]
    public void Flink_examples_and_edges()
    {
        Assert.Equal("bar", EvalConstant(Call("REGEXP_EXTRACT", Text("foothebar"), Text("foo(.*?)(bar)"), Int(2))));
        Assert.Equal("thebar", EvalConstant(Call("REGEXP_EXTRACT", Text("foothebar"), Text("foo(.*)"))));
        Assert.Null(EvalConstant(Call("REGEXP_EXTRACT", Text("xyz"), Text("(\\d)"))));
        Assert.Equal("fooBar", EvalConstant(Call("REGEXP_REPLACE", Text("foobar"), Text("(b)"), Text("B"))));
        Assert.Equal("x$y", EvalConstant(Call("REGEXP_REPLACE", Text("x.y"), Text("\\Q.\\E"), Text("\\$"))));
        Assert.Equal("[b]-[c]", EvalConstant(Call("REGEXP_REPLACE", Text("b-c"), Text("(\\w)"), Text("[$1]"))));
        Assert.Equal(true, EvalConstant(Call("REGEXP", Text("k1=v1"), Text("k[0-9]="))));
        Assert.Equal("Mary", EvalConstant(Call("SPLIT_INDEX", Text("Jack,John,Mary"), Text(","), Int(2))));
        Assert.Null(EvalConstant(Call("SPLIT_INDEX", Text("Jack,John,Mary"), Text(","), Int(3))));
        Assert.Null(EvalConstant(Call("SPLIT_INDEX", Text("Jack,John,Mary"), Text(","), Int(-1))));
        Assert.Equal("??hi", EvalConstant(Call("LPAD", Text("hi"), Int(4), Text("??"))));
        Assert.Equal("h", EvalConstant(Call("LPAD", Text("hi"), Int(1), Text("??"))));
        Assert.Equal("hi??", EvalConstant(Call("RPAD", Text("hi"), Int(4), Text("??"))));
        Assert.Null(EvalConstant(Call("LPAD", Text("hi"), Int(-1), Text("?"))));
        Assert.Equal("Hello World_Foo Bar2baz", EvalConstant(Call("INITCAP", Text("hELLO wORLD_FOO bar2baz"))));
        Assert.Equal("ab", EvalConstant(Call("LEFT", Text("abc"), Int(2))));
        Assert.Equal("", EvalConstant(Call("LEFT", Text("abc"), Int(-1))));
        Assert.Equal("語-9", EvalConstant(Call("RIGHT", Text("日本語-9"), Int(3))));
        Assert.Equal(4, EvalConstant(Call("LOCATE", Text("a"), Text("banana"), Int(3))));
        Assert.Equal(2, EvalConstant(Call("LOCATE", Text("a"), Text("banana"))));
        Assert.Equal(0, EvalConstant(Call("LOCATE", Text("z"), Text("banana"), Int(1))));
        Assert.Null(EvalConstant(Call("REVERSE", Text(null))));
        Assert.Null(EvalConstant(Call("REPEAT", Text("a"), new Literal(ScalarValue.Null(SqlType.Int)))));
    }

    [Fact]
    public void Invalid_patterns_are_resolution_errors()
    {
        Assert.Contains("not a valid regular expression", Assert.Throws<FunctionResolutionException>(() => Call("REGEXP", S, Text("(a"))).Message, StringComparison.Ordinal);
        Assert.Throws<FunctionResolutionException>(() => Call("REGEXP_EXTRACT", S, Text("(a)"), Int(2)));
        Assert.Throws<FunctionResolutionException>(() => Call("REGEXP_REPLACE", S, Text("a"), Text("$")));
        Assert.Throws<FunctionResolutionException>(() => Call("REGEXP", S, S));
        Assert.Throws<FunctionResolutionException>(() => Call("SPLIT_INDEX", S, Text(",")));
    }

    private static string? SplitIndex(string value, string delimiter, int index)
    {
        if (value.Length == 0)
        {
            return null;
        }

        string[] fields = value.Split(delimiter);
        return index < fields.Length ? fields[index] : null;
    }

    private static string Reverse(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        return string.Concat(runes.Select(r => r.ToString()));
    }

    private static string Pad(string value, int length, string pad, bool left)
    {
        var runes = value.EnumerateRunes().Take(length).Select(r => r.ToString()).ToList();
        var padding = new List<string>();
        for (int i = 0; runes.Count + padding.Count < length; i++)
        {
            padding.Add(pad[i % pad.Length].ToString());
        }

        return left ? string.Concat(padding) + string.Concat(runes) : string.Concat(runes) + string.Concat(padding);
    }
}
