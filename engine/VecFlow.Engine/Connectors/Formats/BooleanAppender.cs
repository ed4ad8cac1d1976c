using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Appends BOOLEAN values into a bitmap; text as CAST(... AS BOOLEAN) reads it.</summary>
internal sealed class BooleanAppender(SqlType type, BufferPool pool) : ColumnAppender(type, pool)
{
    private NativeBuffer? _bits;

    public override string Expected => default(BooleanText).Expected;

    public override bool TryAppend(ReadOnlySpan<byte> utf8)
    {
        if (SqlTextParser.ParseBoolean(utf8, out bool value) != TextParseStatus.Ok)
        {
            return false;
        }

        Append(value);
        return true;
    }

    public void Append(bool value) => Bits.Set(_bits!.Words, Count++, value);

    protected override void RentBuffers(int capacity) => _bits = Pool.Rent(Bits.ByteCount(capacity), zeroed: true);

    protected override void AppendEmpty() => Bits.Clear(_bits!.Words, Count++);

    protected override void TruncateValues(int count)
    {
    }

    protected override ColumnVector BuildValues(NativeBuffer? validity)
    {
        NativeBuffer bits = _bits!;
        _bits = null;
        return ColumnVector.FromBuffers(Type, Count, validity, bits);
    }

    protected override void ReleaseValueBuffers()
    {
        _bits?.Release();
        _bits = null;
    }
}
