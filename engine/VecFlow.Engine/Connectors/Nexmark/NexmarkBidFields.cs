using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>How each field of a bid event is generated (one struct per field, see <see cref="INexmarkLongField"/>).</summary>
internal static class NexmarkBidFields
{
    /// <summary>
    /// Average bytes of a bid record; <c>extra</c> pads to it. Only the original four fields (auction, bidder, price,
    /// dateTime) count, so channel and url, added to the model later, do not eat the padding.
    /// </summary>
    public const int AverageBytes = 100;

    /// <summary>The event time.</summary>
    public readonly struct EventTime : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public long Value(NexmarkEventBlock block, int row) => block.TimesMillis[row];
    }

    /// <summary>A hot auction (the latest auction id rounded down to a multiple of 100) half the time, else one of the 100 most recent.</summary>
    public readonly struct Auction(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public long Value(NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.BidAuction, block.EventNumber(row));
            long last = block.Model.LastAuctionIndex(block.Epoch(row), block.Offset(row));
            long index = (bits & 1) != 0 ? NexmarkValues.Hot(last) : NexmarkValues.RecentAuction(last, bits);
            return NexmarkEventModel.FirstAuctionId + index;
        }
    }

    /// <summary>A hot bidder (one past the latest person id rounded down to a multiple of 100) 3 times in 4, else a recent person.</summary>
    public readonly struct Bidder(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public long Value(NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.BidBidder, block.EventNumber(row));
            long last = block.Model.LastPersonIndex(block.Epoch(row), block.Offset(row));
            long index = (bits & 3) != 0 ? Math.Min(NexmarkValues.Hot(last) + 1, last) : NexmarkValues.RecentPerson(last, bits);
            return NexmarkEventModel.FirstPersonId + index;
        }
    }

    /// <summary>A log-uniform price from 100 to 100,000,000.</summary>
    public readonly struct Price(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public long Value(NexmarkEventBlock block, int row) => NexmarkValues.Price(random.Draw(NexmarkDraw.BidPrice, block.EventNumber(row)));
    }

    /// <summary>Half the time one of the hot channels (Google, Facebook, Baidu, Apple), else "channel-N" of 10,000.</summary>
    public readonly struct Channel(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public int BytesPerValue => 12;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.BidChannel, block.EventNumber(row));
            if (IsHot(bits))
            {
                builder.Append(NexmarkVocabulary.HotChannels[HotIndex(bits)]);
            }
            else
            {
                NexmarkVocabulary.AppendChannelName(builder, ChannelIndex(bits));
            }
        }
    }

    /// <summary>The URL of the bid's channel.</summary>
    public readonly struct Url(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public int BytesPerValue => 80;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.BidChannel, block.EventNumber(row));
            if (IsHot(bits))
            {
                builder.Append(NexmarkVocabulary.HotChannelUrls[HotIndex(bits)]);
            }
            else
            {
                NexmarkVocabulary.AppendChannelUrl(builder, ChannelIndex(bits));
            }
        }
    }

    /// <summary>Random words padding the record to about 100 bytes.</summary>
    public readonly struct Extra(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Bid;

        public int BytesPerValue => 82;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.BidExtra, block.EventNumber(row));
            NexmarkValues.AppendWords(builder, NexmarkValues.ExtraLength(8 * 4, AverageBytes, bits), bits);
        }
    }

    private static bool IsHot(ulong bits) => (bits & 1) != 0;

    private static long HotIndex(ulong bits) => NexmarkRandom.Below(bits, NexmarkVocabulary.HotChannels.Count);

    private static int ChannelIndex(ulong bits) => (int)NexmarkRandom.Below(bits, NexmarkVocabulary.ChannelCount);
}
