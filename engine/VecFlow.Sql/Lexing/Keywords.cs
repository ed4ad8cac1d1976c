using System.Collections.Frozen;
using System.Text;

namespace VecFlow.Sql.Lexing;

/// <summary>Keyword spelling, lookup and the reserved-word list.</summary>
public static class Keywords
{
    private static readonly FrozenDictionary<string, Keyword> ByText = Enum.GetValues<Keyword>()
        .Where(k => k != Keyword.None)
        .ToFrozenDictionary(Spell, k => k, StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Spellings = [.. Enum.GetValues<Keyword>().Select(Spell)];

    // Reserved words cannot be unquoted identifiers. The list is the part of Flink's (Calcite's) reserved set that
    // our grammar needs to stay unambiguous, chiefly where an alias may follow without AS. Everything else (DATE,
    // KEY, ROW, time units, type names, ...) may name a column, which is more permissive than Flink and never less.
    private static readonly FrozenSet<Keyword> Reserved = new[]
    {
        Keyword.All, Keyword.And, Keyword.Array, Keyword.As, Keyword.Asymmetric, Keyword.Between, Keyword.Both,
        Keyword.By, Keyword.Case, Keyword.Cast, Keyword.Constraint, Keyword.Create, Keyword.Cross,
        Keyword.CurrentDate, Keyword.CurrentTime, Keyword.CurrentTimestamp, Keyword.Distinct, Keyword.Drop,
        Keyword.Else, Keyword.End, Keyword.Escape, Keyword.Except, Keyword.Exists, Keyword.Explain, Keyword.False,
        Keyword.Fetch, Keyword.Filter, Keyword.For, Keyword.From, Keyword.Full, Keyword.Group, Keyword.Having,
        Keyword.In, Keyword.Inner, Keyword.Insert, Keyword.Intersect, Keyword.Interval, Keyword.Into, Keyword.Is,
        Keyword.Join, Keyword.Lateral, Keyword.Leading, Keyword.Left, Keyword.Like, Keyword.Limit,
        Keyword.Localtime, Keyword.Localtimestamp, Keyword.MatchRecognize, Keyword.Natural, Keyword.Not,
        Keyword.Null, Keyword.Offset, Keyword.On, Keyword.Or, Keyword.Order, Keyword.Outer, Keyword.Over,
        Keyword.Primary, Keyword.Right, Keyword.Select, Keyword.Similar, Keyword.Symmetric, Keyword.Table,
        Keyword.Then, Keyword.To, Keyword.Trailing, Keyword.True, Keyword.Union, Keyword.Unknown, Keyword.Unnest,
        Keyword.Using, Keyword.Values, Keyword.When, Keyword.Where, Keyword.Window, Keyword.With,
    }.ToFrozenSet();

    /// <summary>The keyword a word spells, or <see cref="Keyword.None"/>.</summary>
    public static Keyword Lookup(string word) => ByText.GetValueOrDefault(word, Keyword.None);

    /// <summary>Whether an unquoted word is reserved and so cannot name a table, column or alias.</summary>
    public static bool IsReserved(string word) => Reserved.Contains(Lookup(word));

    public static bool IsReserved(Keyword keyword) => Reserved.Contains(keyword);

    /// <summary>The SQL spelling, in upper case.</summary>
    public static string Text(Keyword keyword) => Spellings[(int)keyword];

    private static string Spell(Keyword keyword)
    {
        string name = keyword.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
