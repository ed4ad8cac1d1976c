using System.Globalization;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The fixed words Nexmark events are made of: names, places, channels and their URLs, and random-text alphabets.</summary>
internal static class NexmarkVocabulary
{
    /// <summary>Channels of the bid channel domain besides the hot ones ("channel-0" .. "channel-9999").</summary>
    public const int ChannelCount = 10_000;

    private static readonly string[] FirstNames = ["Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Henry", "Iris", "Jonas", "Kate", "Liam"];

    private static readonly string[] LastNames = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen"];

    private static readonly string[] HotChannelNames = ["Google", "Facebook", "Baidu", "Apple"];

    private static readonly Lazy<(Utf8Table Names, Utf8Table Urls)> Channels = new(BuildChannels);

    /// <summary>"First Last" for every combination of the name lists.</summary>
    public static Utf8Table PersonNames { get; } = new([.. FirstNames.SelectMany(first => LastNames.Select(last => first + " " + last))]);

    public static Utf8Table Cities { get; } = new(["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"]);

    public static Utf8Table States { get; } = new(["AZ", "CA", "ID", "OR", "WA", "WY"]);

    public static Utf8Table HotChannels { get; } = new(HotChannelNames);

    /// <summary>The URL of each hot channel, same index as <see cref="HotChannels"/>.</summary>
    public static Utf8Table HotChannelUrls { get; } = new([.. HotChannelNames.Select(c => $"https://www.nexmark.com/{c.ToLowerInvariant()}/item.htm?query=1")]);

    /// <summary>"channel-N" for N in 0 .. <see cref="ChannelCount"/> - 1.</summary>
    public static Utf8Table ChannelNames => Channels.Value.Names;

    /// <summary>The URL of each "channel-N"; a fixed function of N, so a channel always has the same URL.</summary>
    public static Utf8Table ChannelUrls => Channels.Value.Urls;

    /// <summary>32 symbols for random words (five bits each): letters, and spaces about one time in eight.</summary>
    public static ReadOnlySpan<byte> WordSymbols => "abcdefghijklmnopqrstuvwxyzea    "u8;

    /// <summary>32 letters (five bits each) for random names inside addresses.</summary>
    public static ReadOnlySpan<byte> Letters => "abcdefghijklmnopqrstuvwxyzeaoist"u8;

    /// <summary>Fills <paramref name="target"/> with random words from <paramref name="random"/>, twelve symbols per draw.</summary>
    public static void WriteWords(Span<byte> target, ref NexmarkRandom.Sequence random) => WriteSymbols(target, ref random, WordSymbols);

    /// <summary>Fills <paramref name="target"/> with random lowercase letters.</summary>
    public static void WriteLetters(Span<byte> target, ref NexmarkRandom.Sequence random) => WriteSymbols(target, ref random, Letters);

    private static void WriteSymbols(Span<byte> target, ref NexmarkRandom.Sequence random, ReadOnlySpan<byte> symbols)
    {
        int i = 0;
        while (i < target.Length)
        {
            ulong bits = random.Next();
            int end = Math.Min(target.Length, i + 12);
            for (; i < end; i++)
            {
                target[i] = symbols[(int)(bits & 31)];
                bits >>= 5;
            }
        }
    }

    private static (Utf8Table Names, Utf8Table Urls) BuildChannels()
    {
        var names = new string[ChannelCount];
        var urls = new string[ChannelCount];
        Span<byte> word = stackalloc byte[5];
        for (int n = 0; n < ChannelCount; n++)
        {
            names[n] = "channel-" + n.ToString(CultureInfo.InvariantCulture);
            var random = new NexmarkRandom.Sequence(NexmarkRandom.Mix((ulong)n + 0x5EED_C4A7UL));
            var parts = new string[3];
            for (int p = 0; p < parts.Length; p++)
            {
                WriteLetters(word, ref random);
                parts[p] = System.Text.Encoding.ASCII.GetString(word);
            }

            urls[n] = $"https://www.nexmark.com/{parts[0]}/{parts[1]}/{parts[2]}/item.htm?query=1&channel_id={n.ToString(CultureInfo.InvariantCulture)}";
        }

        return (new Utf8Table(names), new Utf8Table(urls));
    }
}
