using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Kernels;

/// <summary>The one loop for string-to-string functions that can return NULL: NULL rows stay NULL, others may become NULL.</summary>
[SkipLocalsInit]
public static class PartialStringTransformDriver
{
    public static ColumnVector Invoke<TTransform>(ColumnVector strings, in TTransform transform, BufferPool pool)
        where TTransform : struct, IUtf8PartialTransform
    {
        var rows = new Utf8Rows(strings);
        int n = rows.Length;
        ReadOnlySpan<ulong> validity = strings.Validity;
        using var builder = new StringColumnBuilder(n, pool, rows.ByteLength);
        for (int i = 0; i < n; i++)
        {
            if (!validity.IsEmpty && !Bits.Get(validity, i))
            {
                builder.AppendNull();
                continue;
            }

            ReadOnlySpan<byte> value = rows[i];
            Span<byte> target = builder.Reserve(transform.MaxByteCount(value));
            if (transform.TryTransform(value, target, out int written))
            {
                builder.Commit(written);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
