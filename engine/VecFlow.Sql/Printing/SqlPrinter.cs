using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Printing;

/// <summary>
/// Prints an AST as canonical Flink SQL: keywords in upper case, single spaces, one line per statement, parentheses
/// only where precedence needs them, identifiers back-quoted when they were quoted or must be.
/// </summary>
/// <remarks>Parsing the printed text gives a tree equal to the original under <see cref="SqlNodeComparer"/>.</remarks>
public static class SqlPrinter
{
    /// <summary>One node (statement, query, expression, type, ...) as SQL text.</summary>
    public static string Print(SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var writer = new SqlWriter();
        writer.Write(node);
        return writer.ToString();
    }

    /// <summary>Every statement of a script, each on its own line and terminated by ';'.</summary>
    public static string Print(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return string.Concat(script.Statements.Select(s => Print(s) + ";\n"));
    }

    /// <summary>The SQL spelling of a time unit (DOW, ISOYEAR, ... for the abbreviated ones).</summary>
    public static string Spell(TimeUnit unit) => unit switch
    {
        TimeUnit.DayOfWeek => "DOW",
        TimeUnit.DayOfYear => "DOY",
        TimeUnit.IsoDayOfWeek => "ISODOW",
        TimeUnit.IsoYear => "ISOYEAR",
        _ => unit.ToString().ToUpperInvariant(),
    };
}
