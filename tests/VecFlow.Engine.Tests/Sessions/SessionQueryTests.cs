using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

public sealed class SessionQueryTests : EngineTest
{
    private SqlSession NewSession() => new(workDirectory: Directory, pool: Pool);

    [Fact]
    public void Select_without_from_computes_constants_with_flink_types()
    {
        using SqlSession session = NewSession();
        QueryResult result = session.Query("SELECT 1 + 2 AS three, 7 / 2, 1.50 * 2, 'a' || 'b', CAST('2026-01-02' AS DATE)");
        Assert.Equal(["three", "EXPR$1", "EXPR$2", "EXPR$3", "EXPR$4"], result.Schema.Names);
        var row = Assert.Single(result.Rows);
        Assert.Equal(3, row[0]);
        Assert.Equal(3, row[1]);
        Assert.Equal(3.00m, row[2]);
        Assert.Equal("ab", row[3]);
        Assert.Equal(new DateOnly(2026, 1, 2), row[4]);
    }

    [Fact]
    public void Values_filter_and_union_all()
    {
        using SqlSession session = NewSession();
        QueryResult result = session.Query(
            "SELECT x, y FROM (VALUES (1, 'a'), (2, 'b'), (3, CAST(NULL AS STRING))) AS t(x, y) WHERE x >= 2 UNION ALL SELECT 10, 'z'");
        Assert.Equal(
            [[2, "b"], [3, null], [10, "z"]],
            result.Rows.Select(r => r.ToArray()).OrderBy(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void Unknown_column_is_a_one_line_error_with_position_and_valid_names()
    {
        using SqlSession session = NewSession();
        var error = Assert.Throws<SqlValidationException>(() => session.Query("SELECT prise FROM (VALUES (1)) AS t(price)"));
        Assert.Equal("line 1, column 8: unknown column 'prise'; valid columns: price", error.Message);
    }

    [Fact]
    public void Unknown_table_lists_what_exists()
    {
        using SqlSession session = NewSession();
        var error = Assert.Throws<SqlValidationException>(() => session.Query("SELECT * FROM bids"));
        Assert.Equal("line 1, column 15: unknown table 'bids'; no table is defined yet (CREATE TABLE first)", error.Message);
    }
}
