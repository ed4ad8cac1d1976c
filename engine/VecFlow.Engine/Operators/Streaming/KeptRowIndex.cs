using VecFlow.State.Serialization;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Finds a kept row of a streaming join side by its column values in one batch's lists, by hash instead of a scan of the key's list.</summary>
/// <remarks>
/// A key's list is indexed the first time a row of the batch looks into it, so a key with many kept rows costs one
/// pass per batch, not one per arriving row. Positions stay valid for the batch: removed rows stay in the list with
/// count 0 until the list is written back (<see cref="StreamJoinSide.Compact"/>).
/// </remarks>
internal sealed class KeptRowIndex(StreamJoinSide side)
{
    private readonly Dictionary<(int Slot, int Hash), List<int>> _positions = [];
    private readonly HashSet<int> _indexed = [];

    /// <summary>The position of the row with <paramref name="row"/>'s column values in <paramref name="kept"/> (the list of key slot <paramref name="slot"/>), or -1.</summary>
    public int IndexOf(int slot, List<StateRow> kept, StateRow row)
    {
        if (_indexed.Add(slot))
        {
            for (int i = 0; i < kept.Count; i++)
            {
                Added(slot, i, kept[i]);
            }
        }

        // A live entry first: an insert-only side may hold equal rows as entries of their own, some removed already.
        int removed = -1;
        if (_positions.TryGetValue((slot, Hash(row)), out List<int>? positions))
        {
            foreach (int at in positions)
            {
                if (JoinRowColumns.SameRow(kept[at], row, side.StateTypes, side.Width))
                {
                    if (StreamJoinSide.Count(kept[at], side.CountField) > 0)
                    {
                        return at;
                    }

                    removed = removed < 0 ? at : removed;
                }
            }
        }

        return removed;
    }

    /// <summary>Records that <paramref name="row"/> was appended at <paramref name="position"/> of the list of key slot <paramref name="slot"/>.</summary>
    public void Added(int slot, int position, StateRow row)
    {
        if (!_indexed.Contains(slot))
        {
            return;
        }

        (int, int) key = (slot, Hash(row));
        if (!_positions.TryGetValue(key, out List<int>? positions))
        {
            positions = [];
            _positions[key] = positions;
        }

        positions.Add(position);
    }

    private int Hash(StateRow row) => JoinRowColumns.RowHash(row, side.StateTypes, side.Width);
}
