using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>REGEXP, REGEXP_EXTRACT and REGEXP_REPLACE over VARCHAR columns with a pattern compiled once (see <see cref="JavaRegex"/>).</summary>
/// <remarks>
/// Matching is Java's <c>find</c>: the pattern may match anywhere in the value (anchor it with ^...$ to match the whole).
/// .NET regexes run on UTF-16, so each row is decoded once; REGEXP decodes into a reused buffer, the others need the
/// value as a string for group captures and replacement.
/// </remarks>
[SkipLocalsInit]
public static class RegexKernels
{
    /// <summary>BOOLEAN: some substring of the row matches <paramref name="pattern"/>; NULL rows are NULL.</summary>
    public static ColumnVector Matches(ColumnVector input, Regex pattern, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        NativeBuffer? validity = input.HasNulls ? Copy(input.Validity, n, pool) : null;
        NativeBuffer values = pool.Rent(Bits.ByteCount(n), zeroed: true);
        char[] buffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            var rows = new Utf8Rows(input);
            ReadOnlySpan<ulong> valid = input.Validity;
            Span<ulong> bits = values.Words;
            for (int i = 0; i < n; i++)
            {
                if (!valid.IsEmpty && !Bits.Get(valid, i))
                {
                    continue;
                }

                ReadOnlySpan<byte> value = rows[i];
                if (buffer.Length < value.Length)
                {
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = ArrayPool<char>.Shared.Rent(value.Length);
                }

                int chars = Encoding.UTF8.GetChars(value, buffer);
                if (pattern.IsMatch(buffer.AsSpan(0, chars)))
                {
                    Bits.Set(bits, i);
                }
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        return ColumnVector.FromBuffers(SqlType.Boolean.WithNullable(input.Type.Nullable), n, validity, values);
    }

    /// <summary>VARCHAR: group <paramref name="group"/> (0 = the whole match) of the first match; NULL when nothing matches or the group did not take part.</summary>
    public static ColumnVector Extract(ColumnVector input, Regex pattern, int group, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pattern);
        if (group < 0 || group > pattern.GetGroupNumbers().Max())
        {
            throw new ArgumentOutOfRangeException(nameof(group), $"The pattern '{pattern}' has groups 0..{pattern.GetGroupNumbers().Max()}; group {group} does not exist.");
        }

        return PerRow(input, pool, value =>
        {
            Match match = pattern.Match(value);
            return match.Success && match.Groups[group].Success ? match.Groups[group].Value : null;
        });
    }

    /// <summary>VARCHAR: every match replaced by <paramref name="replacement"/> (.NET syntax; see <see cref="JavaRegex.TranslateReplacement"/>).</summary>
    public static ColumnVector Replace(ColumnVector input, Regex pattern, string replacement, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(replacement);
        return PerRow(input, pool, value => pattern.Replace(value, replacement));
    }

    private static ColumnVector PerRow(ColumnVector input, BufferPool pool, Func<string, string?> function)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var rows = new Utf8Rows(input);
        int n = rows.Length;
        ReadOnlySpan<ulong> validity = input.Validity;
        using var builder = new StringColumnBuilder(n, pool, rows.ByteLength);
        for (int i = 0; i < n; i++)
        {
            string? result = !validity.IsEmpty && !Bits.Get(validity, i) ? null : function(Encoding.UTF8.GetString(rows[i]));
            if (result is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(result);
            }
        }

        return builder.Build();
    }

    private static NativeBuffer Copy(ReadOnlySpan<ulong> words, int n, BufferPool pool)
    {
        NativeBuffer buffer = pool.Rent(Bits.ByteCount(n));
        words[..Bits.WordCount(n)].CopyTo(buffer.Words);
        return buffer;
    }
}
