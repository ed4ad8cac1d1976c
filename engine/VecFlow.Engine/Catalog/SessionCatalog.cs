using VecFlow.Engine.Catalog.Functions;

namespace VecFlow.Engine.Catalog;

/// <summary>The tables, views and user functions of one session, by case-insensitive name.</summary>
/// <remarks>
/// Flink resolves identifiers case-sensitively; VecFlow accepts any case but refuses two objects whose names differ only
/// by case, so a script that runs on Flink means the same thing here.
/// </remarks>
public sealed class SessionCatalog
{
    private readonly Dictionary<string, CatalogTable> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CatalogView> _views = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserFunction> _functions = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<CatalogTable> Tables => _tables.Values;

    public IEnumerable<CatalogView> Views => _views.Values;

    public bool Contains(string name) => _tables.ContainsKey(name) || _views.ContainsKey(name);

    public CatalogTable? FindTable(string name) => _tables.GetValueOrDefault(name);

    public CatalogView? FindView(string name) => _views.GetValueOrDefault(name);

    public void Add(CatalogTable table) => _tables[table.Name] = table;

    public void Add(CatalogView view) => _views[view.Name] = view;

    public bool Drop(string name) => _tables.Remove(name) | _views.Remove(name);

    /// <summary>The user functions, by name (functions have a namespace of their own).</summary>
    public IEnumerable<UserFunction> Functions => _functions.Values;

    public UserFunction? FindFunction(string name) => _functions.GetValueOrDefault(name);

    public void Add(UserFunction function) => _functions[function.Name] = function;

    public bool DropFunction(string name) => _functions.Remove(name);

    /// <summary>Every table and view name, for "valid names" in error messages.</summary>
    public IEnumerable<string> Names => _tables.Keys.Concat(_views.Keys).Order(StringComparer.OrdinalIgnoreCase);
}
