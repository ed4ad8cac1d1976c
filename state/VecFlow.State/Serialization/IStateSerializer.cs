namespace VecFlow.State.Serialization;

/// <summary>Turns one kind of state value into bytes and back; its layout text is part of a state's fingerprint.</summary>
/// <remarks>
/// The format carries no per-value version byte (it would cost a byte on every entry): <see cref="FormatVersion"/>
/// goes into the state's fingerprint and the snapshot manifest instead, so a restore meets a changed format as a
/// fingerprint mismatch rather than as garbage.
/// </remarks>
public interface IStateSerializer<T>
{
    /// <summary>Stable text naming the value layout, e.g. <c>BIGINT</c> or <c>ROW&lt;BIGINT, STRING&gt;</c>.</summary>
    string Layout { get; }

    /// <summary>The version of the byte format; bumped when the bytes for the same layout change.</summary>
    int FormatVersion { get; }

    void Write(T value, StateWriter writer);

    T Read(ref StateReader reader);
}
