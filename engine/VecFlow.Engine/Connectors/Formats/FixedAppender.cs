using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Appends fixed-width values (numbers, decimals, temporal types) parsed by a CAST text parser.</summary>
internal sealed class FixedAppender<T, TParser>(SqlType type, TParser parser, BufferPool pool) : ColumnAppender(type, pool)
    where T : unmanaged
    where TParser : struct, ITextParser<T>
{
    private NativeBuffer? _values;

    public override string Expected => parser.Expected;

    public override bool TryAppend(ReadOnlySpan<byte> utf8)
    {
        if (parser.TryParse(utf8, out T value) != TextParseStatus.Ok)
        {
            return false;
        }

        Append(value);
        return true;
    }

    public void Append(T value) => _values!.As<T>()[Count++] = value;

    protected override void RentBuffers(int capacity) => _values = Pool.Rent(capacity * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());

    protected override void AppendEmpty() => _values!.As<T>()[Count++] = default;

    protected override void TruncateValues(int count)
    {
    }

    protected override ColumnVector BuildValues(NativeBuffer? validity)
    {
        NativeBuffer values = _values!;
        _values = null;
        return ColumnVector.FromBuffers(Type, Count, validity, values);
    }

    protected override void ReleaseValueBuffers()
    {
        _values?.Release();
        _values = null;
    }
}
