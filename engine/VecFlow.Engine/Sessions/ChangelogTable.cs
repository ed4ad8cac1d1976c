namespace VecFlow.Engine.Sessions;

/// <summary>The table a changelog describes: +I / +U rows added, -U / -D rows removed, in arrival order.</summary>
/// <remarks>Applying a streaming job's whole output gives its final result, which must equal the batch result.</remarks>
public sealed class ChangelogTable
{
    private readonly Dictionary<RowKey, int> _counts = [];
    private readonly Dictionary<RowKey, (long Order, object?[] Row)> _firstSeen = [];

    /// <summary>Rows retracted that had not been added: a wrong changelog (kept to report, never ignored).</summary>
    public long UnmatchedRetractions { get; private set; }

    public void Add(object?[] row)
    {
        var key = new RowKey(row);
        if (_counts.TryGetValue(key, out int count))
        {
            _counts[key] = count + 1;
        }
        else
        {
            _counts[key] = 1;
            _firstSeen.TryAdd(key, (_firstSeen.Count, row));
        }
    }

    public void Retract(object?[] row)
    {
        var key = new RowKey(row);
        if (!_counts.TryGetValue(key, out int count))
        {
            UnmatchedRetractions++;
            return;
        }

        if (count == 1)
        {
            _counts.Remove(key);
        }
        else
        {
            _counts[key] = count - 1;
        }
    }

    /// <summary>The rows present now, each as many times as it is present, in the order they first appeared.</summary>
    public List<object?[]> Rows()
    {
        var rows = new List<object?[]>();
        foreach (var (key, count) in _counts.OrderBy(c => _firstSeen[c.Key].Order))
        {
            for (int i = 0; i < count; i++)
            {
                rows.Add(_firstSeen[key].Row);
            }
        }

        return rows;
    }

    private readonly struct RowKey(object?[] values) : IEquatable<RowKey>
    {
        private readonly object?[] _values = values;

        public bool Equals(RowKey other) => _values.AsSpan().SequenceEqual(other._values, EqualityComparer<object?>.Default);

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (object? value in _values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
