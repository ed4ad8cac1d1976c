using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The fixed words Nexmark events are made of: names, places, channels and their URLs, and random-text alphabets.</summary>
internal static class NexmarkVocabulary
{
    /// <summary>Channels of the bid channel domain besides the hot ones ("channel-0" .. "channel-9999").</summary>
    public const int ChannelCount = 10_000;

    /// <summary>Separates the URL words of "channel-N" from every other use of N as a random stream position.</summary>
    private const ulong ChannelUrlSalt = 0x5EED_C4A7UL;

    private static readonly string[] FirstNames = ["Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Henry", "Iris", "Jonas", "Kate", "Liam"];

    private static readonly string[] LastNames = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen"];

    private static readonly string[] HotChannelNames = ["Google", "Facebook", "Baidu", "Apple"];

    /// <summary>"First Last" for every combination of the name lists.</summary>
    public static Utf8Table PersonNames { get; } = new([.. FirstNames.SelectMany(first => LastNames.Select(last => first + " " + last))]);

    public static Utf8Table Cities { get; } = new(["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"]);

    public static Utf8Table States { get; } = new(["AZ", "CA", "ID", "OR", "WA", "WY"]);

    public static Utf8Table HotChannels { get; } = new(HotChannelNames);

    /// <summary>The URL of each hot channel, same index as <see cref="HotChannels"/>.</summary>
    public static Utf8Table HotChannelUrls { get; } = new([.. HotChannelNames.Select(c => $"https://www.nexmark.com/{c.ToLowerInvariant()}/item.htm?query=1")]);

    /// <summary>Appends "channel-N".</summary>
    /// <remarks>Written, not looked up: a table of 10,000 names and URLs is random access into ~1 MB, a cache miss per bid.</remarks>
    public static void AppendChannelName(StringColumnBuilder builder, int channel)
    {
        Span<byte> target = builder.Reserve(ChannelPrefix.Length + 11);
        ChannelPrefix.CopyTo(target);
        channel.TryFormat(target[ChannelPrefix.Length..], out int digits, default, CultureInfo.InvariantCulture);
        builder.Commit(ChannelPrefix.Length + digits);
    }

    /// <summary>
    /// Appends the URL of "channel-N": "https://www.nexmark.com/abcde/fghij/klmno/item.htm?query=1&amp;channel_id=N", its
    /// three path words a fixed function of N, so a channel always has the same URL.
    /// </summary>
    public static void AppendChannelUrl(StringColumnBuilder builder, int channel)
    {
        Span<byte> target = builder.Reserve(UrlHost.Length + 18 + UrlQuery.Length + 11);
        UrlHost.CopyTo(target);
        int at = UrlHost.Length;
        var random = new NexmarkRandom.Sequence(NexmarkRandom.Mix((ulong)channel + ChannelUrlSalt));
        for (int word = 0; word < 3; word++)
        {
            WriteLetters(target.Slice(at, 5), ref random);
            target[at + 5] = (byte)'/';
            at += 6;
        }

        UrlQuery.CopyTo(target[at..]);
        at += UrlQuery.Length;
        channel.TryFormat(target[at..], out int digits, default, CultureInfo.InvariantCulture);
        builder.Commit(at + digits);
    }

    /// <summary>32 letters (five bits each) for random names inside addresses.</summary>
    public static ReadOnlySpan<byte> Letters => "abcdefghijklmnopqrstuvwxyzeaoist"u8;

    private static ReadOnlySpan<byte> ChannelPrefix => "channel-"u8;

    private static ReadOnlySpan<byte> UrlHost => "https://www.nexmark.com/"u8;

    private static ReadOnlySpan<byte> UrlQuery => "item.htm?query=1&channel_id="u8;

    /// <summary>
    /// Fills <paramref name="target"/> with random words from <paramref name="random"/>: each byte's low five bits pick
    /// a letter 'a'..'z' (0..25) or a space (26..31), so words average a little over four letters.
    /// </summary>
    /// <remarks>Generated 32 bytes per step with whole-vector operations; this is the cost of every <c>extra</c> column.</remarks>
    public static void WriteWords(Span<byte> target, ref NexmarkRandom.Sequence random)
    {
        Span<byte> scratch = stackalloc byte[32];
        int i = 0;
        while (i < target.Length)
        {
            Vector256<byte> symbols = Words(Vector256.Create(random.Next(), random.Next(), random.Next(), random.Next()).AsByte());
            int rest = target.Length - i;
            if (rest >= 32)
            {
                symbols.StoreUnsafe(ref MemoryMarshal.GetReference(target), (nuint)i);
                i += 32;
            }
            else
            {
                symbols.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
                scratch[..rest].CopyTo(target[i..]);
                i += rest;
            }
        }
    }

    /// <summary>Fills <paramref name="target"/> with random lowercase letters.</summary>
    public static void WriteLetters(Span<byte> target, ref NexmarkRandom.Sequence random)
    {
        ReadOnlySpan<byte> letters = Letters;
        int i = 0;
        while (i < target.Length)
        {
            ulong bits = random.Next();
            int end = Math.Min(target.Length, i + 12);
            for (; i < end; i++)
            {
                target[i] = letters[(int)(bits & 31)];
                bits >>= 5;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Words(Vector256<byte> random)
    {
        Vector256<byte> index = random & Vector256.Create((byte)31);
        Vector256<byte> isSpace = Vector256.GreaterThan(index, Vector256.Create((byte)25));
        return Vector256.ConditionalSelect(isSpace, Vector256.Create((byte)' '), index + Vector256.Create((byte)'a'));
    }
}
