using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>The result column of a user function call, written a row at a time from CLR values.</summary>
internal abstract class ClrResult : IDisposable
{
    public abstract void SetNull(int row);

    /// <summary>The finished column; the result no longer owns its buffers.</summary>
    public abstract ColumnVector Build();

    public abstract void Dispose();
}

/// <summary>A result written from <typeparamref name="T"/> values.</summary>
internal abstract class ClrResult<T> : ClrResult
{
    public abstract void Set(int row, T value);
}

/// <summary>A fixed-width result: values converted to their stored form in a pooled buffer, plus a validity bitmap.</summary>
internal sealed class FixedWidthResult<T, TStored>(SqlType type, int length, BufferPool pool, Func<T, TStored> store) : ClrResult<T>
    where TStored : unmanaged
{
    private NativeBuffer? _values = pool.Rent(Math.Max(length, 1) * Unsafe.SizeOf<TStored>(), zeroed: true);
    private NativeBuffer? _validity = pool.Rent(Bits.ByteCount(length), zeroed: true);

    public override void Set(int row, T value)
    {
        _values!.As<TStored>()[row] = store(value);
        Bits.Set(_validity!.Words, row);
    }

    public override void SetNull(int row)
    {
    }

    public override ColumnVector Build()
    {
        _values!.Shrink(length * Unsafe.SizeOf<TStored>());
        var column = ColumnVector.FromBuffers(type, length, _validity, _values);
        _values = null;
        _validity = null;
        return column;
    }

    public override void Dispose()
    {
        _values?.Release();
        _validity?.Release();
    }
}

/// <summary>A BOOLEAN result (bit-packed values).</summary>
internal sealed class BooleanResult(int length, BufferPool pool) : ClrResult<bool>
{
    private NativeBuffer? _values = pool.Rent(Bits.ByteCount(length), zeroed: true);
    private NativeBuffer? _validity = pool.Rent(Bits.ByteCount(length), zeroed: true);

    public override void Set(int row, bool value)
    {
        Bits.Set(_values!.Words, row, value);
        Bits.Set(_validity!.Words, row);
    }

    public override void SetNull(int row)
    {
    }

    public override ColumnVector Build()
    {
        var column = ColumnVector.FromBuffers(SqlType.Boolean.WithNullable(true), length, _validity, _values!);
        _values = null;
        _validity = null;
        return column;
    }

    public override void Dispose()
    {
        _values?.Release();
        _validity?.Release();
    }
}

/// <summary>A STRING result; rows are written in order, rows never set stay NULL.</summary>
internal sealed class StringResult(int length, BufferPool pool) : ClrResult<string>
{
    private readonly StringColumnBuilder _builder = new(length, pool);

    public override void Set(int row, string value)
    {
        FillTo(row);
        _builder.Append(value);
    }

    public override void SetNull(int row)
    {
    }

    public override ColumnVector Build()
    {
        FillTo(length);
        return _builder.Build();
    }

    public override void Dispose() => _builder.Dispose();

    private void FillTo(int row)
    {
        while (_builder.Count < row)
        {
            _builder.AppendNull();
        }
    }
}
