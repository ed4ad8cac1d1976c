using VecFlow.State.Serialization;

namespace VecFlow.State.Descriptors;

/// <summary>Names and shapes one keyed state: name, kind, value layout, fingerprint, TTL.</summary>
public abstract class StateDescriptor
{
    private protected StateDescriptor(string name, StateKind kind, string layout, int formatVersion, StateTtl? ttl)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException($"State name '{name}' is not valid: it must be non-empty and must not start with '__' (reserved).", nameof(name));
        }

        Name = name;
        Kind = kind;
        Layout = layout;
        FormatVersion = formatVersion;
        Ttl = ttl;
        Fingerprint = SchemaFingerprint.Of(kind, layout, formatVersion);
    }

    /// <summary>Unique within an operator; state is matched by it on restore.</summary>
    public string Name { get; }

    public StateKind Kind { get; }

    /// <summary>Stable text of the value layout (for a map: user key and value).</summary>
    public string Layout { get; }

    public int FormatVersion { get; }

    /// <summary><see cref="SchemaFingerprint.Of"/> of kind, layout and format version.</summary>
    public ulong Fingerprint { get; }

    /// <summary>Null when entries live until cleared.</summary>
    public StateTtl? Ttl { get; }

    public override string ToString() => $"{Kind} state '{Name}' {Layout} (fingerprint {Fingerprint:x16})";
}

/// <summary>A state holding one value per (key, namespace).</summary>
/// <remarks>
/// <paramref name="usageVersion"/> numbers how the operator uses the state beyond its values' format (for example which
/// timers stand for it); it is part of the fingerprint, so a snapshot written under another usage is refused on
/// restore instead of being misread.
/// </remarks>
public sealed class ValueStateDescriptor<T>(string name, IStateSerializer<T> serializer, StateTtl? ttl = null, int usageVersion = 0)
    : StateDescriptor(name, StateKind.Value, serializer.Layout, (usageVersion * 1000) + serializer.FormatVersion, ttl)
{
    public IStateSerializer<T> Serializer { get; } = serializer;
}

/// <summary>A state holding an appendable list per (key, namespace).</summary>
public sealed class ListStateDescriptor<T>(string name, IStateSerializer<T> serializer, StateTtl? ttl = null)
    : StateDescriptor(name, StateKind.List, "LIST<" + serializer.Layout + ">", (SegmentedLayout * 1000) + serializer.FormatVersion, ttl)
{
    /// <summary>The stored list layout's version (2: a head and sealed segments), part of the fingerprint so a snapshot of the older layout is refused rather than misread.</summary>
    private const int SegmentedLayout = 2;

    public IStateSerializer<T> ElementSerializer { get; } = serializer;
}

/// <summary>A state holding a map per (key, namespace); user keys must serialize equal values to equal bytes.</summary>
public sealed class MapStateDescriptor<TKey, TValue>(string name, IStateSerializer<TKey> keySerializer, IStateSerializer<TValue> valueSerializer, StateTtl? ttl = null)
    : StateDescriptor(name, StateKind.Map, "MAP<" + keySerializer.Layout + ", " + valueSerializer.Layout + ">", (keySerializer.FormatVersion * 1000) + valueSerializer.FormatVersion, ttl)
{
    public IStateSerializer<TKey> KeySerializer { get; } = keySerializer;

    public IStateSerializer<TValue> ValueSerializer { get; } = valueSerializer;
}

/// <summary>A state folding every added value into one with <see cref="Reduce"/> (associative).</summary>
public sealed class ReducingStateDescriptor<T>(string name, IStateSerializer<T> serializer, Func<T, T, T> reduce, StateTtl? ttl = null)
    : StateDescriptor(name, StateKind.Reducing, serializer.Layout, serializer.FormatVersion, ttl)
{
    public IStateSerializer<T> Serializer { get; } = serializer;

    public Func<T, T, T> Reduce { get; } = reduce;
}
