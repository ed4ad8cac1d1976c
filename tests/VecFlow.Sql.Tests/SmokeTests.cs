namespace VecFlow.Sql.Tests;

public class SmokeTests
{
    [Fact]
    public void Parses_a_small_script()
    {
        var script = Parsing.SqlParser.ParseScript("SELECT a, b + 1 AS c FROM t WHERE a > 1; INSERT INTO s SELECT * FROM t");
        Assert.Equal(2, script.Statements.Count);
        Console.WriteLine(Printing.SqlPrinter.Print(script));
    }
}
