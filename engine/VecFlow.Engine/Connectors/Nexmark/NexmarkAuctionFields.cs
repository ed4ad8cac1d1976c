using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>How each field of an auction event is generated (one struct per field, see <see cref="INexmarkLongField"/>).</summary>
internal static class NexmarkAuctionFields
{
    /// <summary>Average bytes of an auction record; <c>extra</c> pads to it.</summary>
    public const int AverageBytes = 500;

    /// <summary>1000 + the number of auctions before this one: dense in event order.</summary>
    public readonly struct Id : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row) =>
            NexmarkEventModel.FirstAuctionId + (block.Epoch(row) * block.Model.AuctionProportion) + block.Offset(row) - block.Model.PersonProportion;
    }

    /// <summary>The event time.</summary>
    public readonly struct EventTime : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row) => block.TimesMillis[row];
    }

    /// <summary>
    /// The event time plus 1 ms + a uniform duration up to twice the event time that
    /// <see cref="NexmarkEventModel.InFlightAuctions"/> auctions span at the current rate.
    /// </summary>
    public readonly struct Expires(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row)
        {
            long n = block.EventNumber(row);
            long start = block.TimesMillis[row];
            long horizon = block.Model.TimeMillis(n + block.Model.AuctionHorizonEvents) - start;
            return start + 1 + NexmarkRandom.Below(random.Draw(NexmarkDraw.AuctionExpires, n), Math.Max(2 * horizon, 1));
        }
    }

    /// <summary>A price (see <see cref="NexmarkValues.Price"/>).</summary>
    public readonly struct InitialBid(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row) => NexmarkValues.Price(random.Draw(NexmarkDraw.AuctionInitialBid, block.EventNumber(row)));
    }

    /// <summary>The initial bid plus another price.</summary>
    public readonly struct Reserve(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row)
        {
            long n = block.EventNumber(row);
            return NexmarkValues.Price(random.Draw(NexmarkDraw.AuctionInitialBid, n)) + NexmarkValues.Price(random.Draw(NexmarkDraw.AuctionReserve, n));
        }
    }

    /// <summary>A hot seller (the latest person id rounded down to a multiple of 100) 3 times in 4, else a recent person.</summary>
    public readonly struct Seller(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.AuctionSeller, block.EventNumber(row));
            long last = block.Model.LastPersonIndex(block.Epoch(row), block.Offset(row));
            long index = (bits & 3) != 0 ? NexmarkValues.Hot(last) : NexmarkValues.RecentPerson(last, bits);
            return NexmarkEventModel.FirstPersonId + index;
        }
    }

    /// <summary>One of the categories 10..14.</summary>
    public readonly struct Category(NexmarkRandom random) : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public long Value(NexmarkEventBlock block, int row) =>
            NexmarkEventModel.FirstCategoryId + NexmarkRandom.Below(random.Draw(NexmarkDraw.AuctionCategory, block.EventNumber(row)), NexmarkEventModel.CategoryCount);
    }

    /// <summary>3 to 19 bytes of random words.</summary>
    public readonly struct ItemName(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public int BytesPerValue => 19;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.AuctionItemName, block.EventNumber(row));
            NexmarkValues.AppendWords(builder, ItemNameLength(bits), bits);
        }
    }

    /// <summary>3 to 99 bytes of random words.</summary>
    public readonly struct Description(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public int BytesPerValue => 64;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            ulong bits = random.Draw(NexmarkDraw.AuctionDescription, block.EventNumber(row));
            NexmarkValues.AppendWords(builder, DescriptionLength(bits), bits);
        }
    }

    /// <summary>Random words padding the record (ten fields) to about 500 bytes.</summary>
    public readonly struct Extra(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Auction;

        public int BytesPerValue => 460;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            long n = block.EventNumber(row);
            int current = (8 * 7) + ItemNameLength(random.Draw(NexmarkDraw.AuctionItemName, n)) + DescriptionLength(random.Draw(NexmarkDraw.AuctionDescription, n));
            ulong bits = random.Draw(NexmarkDraw.AuctionExtra, n);
            NexmarkValues.AppendWords(builder, NexmarkValues.ExtraLength(current, AverageBytes, bits), bits);
        }
    }

    private static int ItemNameLength(ulong bits) => 3 + (int)NexmarkRandom.Below(bits, 17);

    private static int DescriptionLength(ulong bits) => 3 + (int)NexmarkRandom.Below(bits, 97);
}
