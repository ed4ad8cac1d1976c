using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>Shared plumbing of the grouped aggregates: one growable array of per-group states and the checks.</summary>
internal abstract class GroupedAggregate<TState> : IGroupedAggregate
    where TState : struct
{
    private TState[] _states = [];

    // The states start this many elements into the (pinned) array, on a 64-byte boundary, so that no 16-byte state
    // straddles two cache lines (a split load and store on every row that hits it).
    private int _first;
    private int _groups;

    // Whether _states came from PinnedArrayCache (and goes back there when replaced or disposed).
    private bool _cached;

    protected GroupedAggregate(SqlType resultType, SqlType? inputType)
    {
        ResultType = resultType;
        InputType = inputType;
    }

    public SqlType ResultType { get; }

    protected SqlType? InputType { get; }

    /// <summary>The state a group starts with (the identity of the function).</summary>
    protected abstract TState Initial { get; }

    /// <summary>All ensured groups' states.</summary>
    protected Span<TState> States => _states.AsSpan(_first, _groups);

    public void EnsureGroups(int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);
        if (groupCount <= _groups)
        {
            return;
        }

        if (groupCount > _states.Length - _first)
        {
            (TState[] grown, int first, bool cached) = Allocate(Math.Max(groupCount, Math.Max(16, (_states.Length - _first) * 2)));
            _states.AsSpan(_first, _groups).CopyTo(grown.AsSpan(first));
            ReturnStates();
            _states = grown;
            _first = first;
            _cached = cached;
        }

        _states.AsSpan(_first + _groups, groupCount - _groups).Fill(Initial);
        _groups = groupCount;
    }

    public void Update(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask)
    {
        CheckUpdate(values, groupIds, mask);
        UpdateCore(values, groupIds, mask, _states.AsSpan(_first, _groups));
    }

    /// <summary>Makes groups 0..groupCount-1 exist and returns all ensured groups' states (for a fused map-and-update loop).</summary>
    internal Span<TState> EnsureStates(int groupCount)
    {
        EnsureGroups(groupCount);
        return _states.AsSpan(_first, _groups);
    }

    /// <summary>The argument checks of <see cref="Update"/>.</summary>
    protected void CheckUpdate(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask)
    {
        if (!mask.IsEmpty && mask.Length < Bits.WordCount(groupIds.Length))
        {
            throw new ArgumentException($"The mask has {mask.Length} words but {groupIds.Length} rows need {Bits.WordCount(groupIds.Length)}.", nameof(mask));
        }

        if (InputType is not null)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Length != groupIds.Length)
            {
                throw new ArgumentException($"Got {values.Length} values for {groupIds.Length} group ids.", nameof(values));
            }

            if (values.Type.Kind != InputType.Kind || values.Type.Scale != InputType.Scale)
            {
                throw new ArgumentException($"This aggregate takes {InputType} values, not {values.Type}.", nameof(values));
            }
        }
    }

    /// <summary>
    /// An array of at least <paramref name="count"/> states, the index of its first 64-byte-aligned element, and whether
    /// it is a pinned array of <see cref="PinnedArrayCache{T}"/>.
    /// </summary>
    private static (TState[] Array, int First, bool Cached) Allocate(int count)
    {
        // Small arrays stay on the ordinary heap (a split line matters little there), as do states holding references.
        int size = Unsafe.SizeOf<TState>();
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TState>() || 64 % size != 0 || (long)count * size < 4096)
        {
            return (new TState[count], 0, false);
        }

        TState[] array = PinnedArrayCache<TState>.Rent(count);
        return (array, PinnedArrayCache<TState>.AlignedStart(array), true);
    }

    private void ReturnStates()
    {
        if (_cached)
        {
            PinnedArrayCache<TState>.Return(_states);
            _cached = false;
        }
    }

    /// <summary>Folds the live rows into <paramref name="states"/>; arguments are already checked.</summary>
    protected abstract void UpdateCore(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask, Span<TState> states);

    public void Merge(IGroupedAggregate other, ReadOnlySpan<int> otherToThis)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.GetType() != GetType() || other.ResultType != ResultType || other is not GroupedAggregate<TState> partial)
        {
            throw new ArgumentException($"Cannot merge a {other.GetType().Name} of {other.ResultType} into a {GetType().Name} of {ResultType}.", nameof(other));
        }

        if (otherToThis.Length > partial._groups)
        {
            throw new ArgumentException($"The mapping names {otherToThis.Length} groups but the other aggregate has {partial._groups}.", nameof(otherToThis));
        }

        int highest = -1;
        foreach (int target in otherToThis)
        {
            highest = Math.Max(highest, target);
        }

        EnsureGroups(highest + 1);
        MergeCore(partial, partial._states.AsSpan(partial._first, otherToThis.Length), otherToThis, _states.AsSpan(_first, _groups));
    }

    /// <summary>into[map[j]] = combine(into[map[j]], from[j]) for every j with map[j] &gt;= 0; <paramref name="other"/> owns <paramref name="from"/>.</summary>
    protected abstract void MergeCore(GroupedAggregate<TState> other, ReadOnlySpan<TState> from, ReadOnlySpan<int> map, Span<TState> into);

    public ColumnVector Finish(int groupCount, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        EnsureGroups(groupCount);
        return Build(_states.AsSpan(_first, groupCount), pool);
    }

    /// <summary>Builds the result column, releasing what it rented if a group's result fails.</summary>
    protected abstract ColumnVector Build(ReadOnlySpan<TState> states, BufferPool pool);

    public void Dispose()
    {
        ReturnStates();
        _states = [];
        _first = 0;
        _groups = 0;
    }

    /// <summary>Builds a fixed-width result column from per-group values, NULL where <typeparamref name="TResult"/> says so.</summary>
    protected static ColumnVector BuildFixed<T, TResult>(SqlType type, ReadOnlySpan<TState> states, BufferPool pool)
        where T : unmanaged
        where TResult : IGroupResult<TState, T>
    {
        int n = states.Length;
        NativeBuffer values = pool.Rent(n * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        NativeBuffer validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
        try
        {
            Span<T> v = values.As<T>();
            Span<ulong> bits = validity.Words;
            for (int g = 0; g < n; g++)
            {
                if (TResult.TryGet(in states[g], g, out v[g]))
                {
                    Bits.Set(bits, g);
                }
                else
                {
                    v[g] = default;
                }
            }
        }
        catch
        {
            values.Release();
            validity.Release();
            throw;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }
}

/// <summary>Turns one group's state into its result value; false for NULL. May throw a SQL error for the group.</summary>
internal interface IGroupResult<TState, T>
{
    static abstract bool TryGet(in TState state, int group, out T value);
}
