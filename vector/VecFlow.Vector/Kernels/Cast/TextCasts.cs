using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Parses one UTF-8 value into a target type's layout; instance state carries the target's parameters.</summary>
internal interface ITextParser<TOut>
{
    TextParseStatus TryParse(ReadOnlySpan<byte> text, out TOut value);

    /// <summary>What valid text looks like, for the error message.</summary>
    string Expected { get; }
}

/// <summary>CAST from VARCHAR (parsing, see <see cref="SqlTextParser"/>) and CAST to VARCHAR (see <see cref="SqlTextFormatter"/>).</summary>
/// <remarks>
/// Parsing reads the Arrow UTF-8 bytes in place (no string per row). Formatting writes straight into the pooled
/// string buffers. A VARCHAR(n) target keeps the first n characters (Flink 1.15+ semantics); STRING keeps all.
/// </remarks>
[SkipLocalsInit]
internal static class TextCasts
{
    public static void Parse(ColumnVector input, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live, ScratchBuffers scratch)
    {
        int n = input.Length;
        switch (target.Kind)
        {
            case SqlTypeKind.TinyInt:
                Parse(new IntegerText<sbyte>(target), input, target, values.As<sbyte>()[..n], live);
                break;
            case SqlTypeKind.SmallInt:
                Parse(new IntegerText<short>(target), input, target, values.As<short>()[..n], live);
                break;
            case SqlTypeKind.Int:
                Parse(new IntegerText<int>(target), input, target, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.BigInt:
                Parse(new IntegerText<long>(target), input, target, values.As<long>()[..n], live);
                break;
            case SqlTypeKind.Float:
                Parse(new FloatText(), input, target, values.As<float>()[..n], live);
                break;
            case SqlTypeKind.Double:
                Parse(new DoubleText(), input, target, values.As<double>()[..n], live);
                break;
            case SqlTypeKind.Decimal:
                Parse(new DecimalText(target), input, target, values.As<Int128>()[..n], live);
                break;
            case SqlTypeKind.Date:
                Parse(new DateText(), input, target, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.Time:
                Parse(new TimeText(), input, target, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                Parse(new TimestampText(), input, target, values.As<long>()[..n], live);
                break;
            case SqlTypeKind.Boolean:
                {
                    Span<bool> parsed = scratch.Rent<bool>(n);
                    Parse(new BooleanText(), input, target, parsed, live);
                    Span<ulong> bits = values.Words;
                    bits[..Bits.WordCount(n)].Clear();
                    for (int i = 0; i < n; i++)
                    {
                        if (parsed[i])
                        {
                            Bits.Set(bits, i);
                        }
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"No cast from VARCHAR to {target}.");
        }
    }

    /// <summary>Formats every non-NULL row of <paramref name="input"/> as text; NULL rows stay NULL.</summary>
    public static ColumnVector Format(ColumnVector input, SqlType target, BufferPool pool)
    {
        int n = input.Length;
        int maxChars = target.Precision is > 0 and < int.MaxValue ? target.Precision : int.MaxValue;
        int expectedBytes = input.Type.Kind == SqlTypeKind.Varchar ? input.StringData.Length : n * 12;
        using var builder = new StringColumnBuilder(n, pool, expectedBytes);
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i))
            {
                builder.AppendNull();
                continue;
            }

            if (input.Type.Kind == SqlTypeKind.Varchar)
            {
                ReadOnlySpan<byte> text = input.StringAt(i);
                builder.Append(text[..Utf8Prefix(text, maxChars)]);
                continue;
            }

            Span<byte> destination = builder.Reserve(SqlTextFormatter.MaxLength);
            int written = FormatValue(input, i, destination);
            builder.Commit(Utf8Prefix(destination[..written], maxChars));
        }

        return builder.Build();
    }

    /// <summary>Byte length of the first <paramref name="maxChars"/> characters (code points) of UTF-8 text.</summary>
    public static int Utf8Prefix(ReadOnlySpan<byte> text, int maxChars)
    {
        if (maxChars >= text.Length)
        {
            return text.Length;
        }

        int chars = 0;
        for (int i = 0; i < text.Length; i++)
        {
            // Continuation bytes are 10xxxxxx; every other byte starts a character.
            if ((text[i] & 0xC0) != 0x80 && chars++ == maxChars)
            {
                return i;
            }
        }

        return text.Length;
    }

    private static void Parse<TOut, TParser>(TParser parser, ColumnVector input, SqlType target, Span<TOut> destination, ReadOnlySpan<ulong> live)
        where TParser : struct, ITextParser<TOut>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            TOut value = default!;
            if (!input.IsNull(i))
            {
                ReadOnlySpan<byte> text = input.StringAt(i);
                TextParseStatus status = parser.TryParse(text, out value);
                if (status != TextParseStatus.Ok && KernelMasks.IsLive(live, i))
                {
                    throw status == TextParseStatus.OutOfRange
                        ? CastErrors.OutOfRange(i, CastErrors.Quote(text), target)
                        : CastErrors.Failure(i, CastErrors.Quote(text), target, $"expected {parser.Expected}");
                }
            }

            destination[i] = value;
        }
    }

    private static int FormatValue(ColumnVector input, int row, Span<byte> destination)
    {
        int written;
        switch (input.Type.Kind)
        {
            case SqlTypeKind.Boolean:
                return SqlTextFormatter.FormatBoolean(Bits.Get(input.BooleanWords, row), destination);
            case SqlTypeKind.TinyInt:
                Utf8Formatter.TryFormat(input.Values<sbyte>()[row], destination, out written);
                return written;
            case SqlTypeKind.SmallInt:
                Utf8Formatter.TryFormat(input.Values<short>()[row], destination, out written);
                return written;
            case SqlTypeKind.Int:
                Utf8Formatter.TryFormat(input.Values<int>()[row], destination, out written);
                return written;
            case SqlTypeKind.BigInt:
                Utf8Formatter.TryFormat(input.Values<long>()[row], destination, out written);
                return written;
            case SqlTypeKind.Float:
                return SqlTextFormatter.FormatFloat(input.Values<float>()[row], destination);
            case SqlTypeKind.Double:
                return SqlTextFormatter.FormatDouble(input.Values<double>()[row], destination);
            case SqlTypeKind.Decimal:
                return DecimalMath.Format(input.Values<Int128>()[row], input.Type.Scale, destination);
            case SqlTypeKind.Date:
                return SqlTextFormatter.FormatDate(input.Values<int>()[row], destination);
            case SqlTypeKind.Time:
                return SqlTextFormatter.FormatTime(input.Values<int>()[row], destination);
            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                return SqlTextFormatter.FormatTimestamp(input.Values<long>()[row], destination);
            case SqlTypeKind.IntervalDayTime:
                return SqlTextFormatter.FormatIntervalDayTime(input.Values<long>()[row], destination);
            case SqlTypeKind.IntervalYearMonth:
                return SqlTextFormatter.FormatIntervalYearMonth(input.Values<int>()[row], destination);
            default:
                throw new NotSupportedException($"No text form for {input.Type}.");
        }
    }
}

/// <summary>Integer text (a fraction is truncated, as Flink) in the range of <typeparamref name="TOut"/>.</summary>
internal readonly struct IntegerText<TOut>(SqlType target) : ITextParser<TOut>
    where TOut : IBinaryInteger<TOut>, IMinMaxValue<TOut>
{
    public string Expected => $"an integer number like '-42' for {CastErrors.Name(target)}";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out TOut value)
    {
        TextParseStatus status = SqlTextParser.ParseInteger(text, out long parsed);
        value = TOut.Zero;
        if (status != TextParseStatus.Ok)
        {
            return status;
        }

        if (parsed < long.CreateTruncating(TOut.MinValue) || parsed > long.CreateTruncating(TOut.MaxValue))
        {
            return TextParseStatus.OutOfRange;
        }

        value = TOut.CreateTruncating(parsed);
        return TextParseStatus.Ok;
    }
}

/// <summary>FLOAT text.</summary>
internal readonly struct FloatText : ITextParser<float>
{
    public string Expected => "a number like '1.5', '-2e10', 'NaN' or 'Infinity'";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out float value) => SqlTextParser.ParseFloat(text, out value);
}

/// <summary>DOUBLE text.</summary>
internal readonly struct DoubleText : ITextParser<double>
{
    public string Expected => "a number like '1.5', '-2e10', 'NaN' or 'Infinity'";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out double value) => SqlTextParser.ParseDouble(text, out value);
}

/// <summary>DECIMAL(p, s) text, rounded HALF_UP to s.</summary>
internal readonly struct DecimalText(SqlType target) : ITextParser<Int128>
{
    public string Expected => $"a decimal number like '-12.34' for {CastErrors.Name(target)}";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out Int128 value) =>
        DecimalMath.TryParse(text, target.Precision, target.Scale, out value) switch
        {
            DecimalParseStatus.Ok => TextParseStatus.Ok,
            DecimalParseStatus.Overflow => TextParseStatus.OutOfRange,
            _ => TextParseStatus.Invalid,
        };
}

/// <summary>DATE text 'yyyy-MM-dd'.</summary>
internal readonly struct DateText : ITextParser<int>
{
    public string Expected => "a valid date 'yyyy-MM-dd'";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out int value) => SqlTextParser.ParseDate(text, out value);
}

/// <summary>TIME text 'HH:mm:ss[.fff]'.</summary>
internal readonly struct TimeText : ITextParser<int>
{
    public string Expected => "a valid time 'HH:mm:ss[.fff]'";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out int value) => SqlTextParser.ParseTime(text, out value);
}

/// <summary>TIMESTAMP text 'yyyy-MM-dd HH:mm:ss[.fff]' or with 'T'.</summary>
internal readonly struct TimestampText : ITextParser<long>
{
    public string Expected => "a valid timestamp 'yyyy-MM-dd HH:mm:ss[.fff]' or 'yyyy-MM-ddTHH:mm:ss[.fff]'";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out long value) => SqlTextParser.ParseTimestamp(text, out value);
}

/// <summary>BOOLEAN text.</summary>
internal readonly struct BooleanText : ITextParser<bool>
{
    public string Expected => "one of 'true', 'false', 't', 'f', 'yes', 'no', 'y', 'n', '1', '0' (any case)";

    public TextParseStatus TryParse(ReadOnlySpan<byte> text, out bool value) => SqlTextParser.ParseBoolean(text, out value);
}
