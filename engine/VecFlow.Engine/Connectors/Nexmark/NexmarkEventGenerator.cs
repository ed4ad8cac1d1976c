using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Generates whole columns of Nexmark events: one tight loop per requested field over a laid-out block.</summary>
/// <remarks>
/// Every value is a pure function of (seed, event number), so a column can be generated alone: fields that are not
/// requested cost nothing. Rows of other event kinds are NULL (value 0 under a cleared validity bit).
/// </remarks>
internal sealed class NexmarkEventGenerator(NexmarkRandom random)
{
    /// <summary>
    /// The column of <paramref name="field"/> for the rows of <paramref name="block"/>, typed <paramref name="type"/>:
    /// the field's native type, or for a fixed-width field another type with the same layout (e.g. TIMESTAMP_LTZ).
    /// Text columns are always STRING.
    /// </summary>
    public ColumnVector Generate(NexmarkField field, NexmarkEventBlock block, SqlType type, BufferPool pool) => field switch
    {
        NexmarkField.EventType => EventTypes(block, type, pool),
        NexmarkField.PersonId => Longs(new NexmarkPersonFields.Id(), block, type, pool),
        NexmarkField.PersonName => Text(new NexmarkPersonFields.Name(random), block, pool),
        NexmarkField.PersonEmailAddress => Text(new NexmarkPersonFields.EmailAddress(random), block, pool),
        NexmarkField.PersonCreditCard => Text(new NexmarkPersonFields.CreditCard(random), block, pool),
        NexmarkField.PersonCity => Text(new NexmarkPersonFields.City(random), block, pool),
        NexmarkField.PersonState => Text(new NexmarkPersonFields.State(random), block, pool),
        NexmarkField.PersonDateTime => Longs(new NexmarkPersonFields.EventTime(), block, type, pool),
        NexmarkField.PersonExtra => Text(new NexmarkPersonFields.Extra(random), block, pool),
        NexmarkField.AuctionId => Longs(new NexmarkAuctionFields.Id(), block, type, pool),
        NexmarkField.AuctionItemName => Text(new NexmarkAuctionFields.ItemName(random), block, pool),
        NexmarkField.AuctionDescription => Text(new NexmarkAuctionFields.Description(random), block, pool),
        NexmarkField.AuctionInitialBid => Longs(new NexmarkAuctionFields.InitialBid(random), block, type, pool),
        NexmarkField.AuctionReserve => Longs(new NexmarkAuctionFields.Reserve(random), block, type, pool),
        NexmarkField.AuctionDateTime => Longs(new NexmarkAuctionFields.EventTime(), block, type, pool),
        NexmarkField.AuctionExpires => Longs(new NexmarkAuctionFields.Expires(random), block, type, pool),
        NexmarkField.AuctionSeller => Longs(new NexmarkAuctionFields.Seller(random), block, type, pool),
        NexmarkField.AuctionCategory => Longs(new NexmarkAuctionFields.Category(random), block, type, pool),
        NexmarkField.AuctionExtra => Text(new NexmarkAuctionFields.Extra(random), block, pool),
        NexmarkField.BidAuction => Longs(new NexmarkBidFields.Auction(random), block, type, pool),
        NexmarkField.BidBidder => Longs(new NexmarkBidFields.Bidder(random), block, type, pool),
        NexmarkField.BidPrice => Longs(new NexmarkBidFields.Price(random), block, type, pool),
        NexmarkField.BidChannel => Text(new NexmarkBidFields.Channel(random), block, pool),
        NexmarkField.BidUrl => Text(new NexmarkBidFields.Url(random), block, pool),
        NexmarkField.BidDateTime => Longs(new NexmarkBidFields.EventTime(), block, type, pool),
        NexmarkField.BidExtra => Text(new NexmarkBidFields.Extra(random), block, pool),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a nexmark field."),
    };

    private static ColumnVector EventTypes(NexmarkEventBlock block, SqlType type, BufferPool pool)
    {
        int count = block.Count;
        NativeBuffer values = pool.Rent(count * sizeof(int));
        Span<int> target = values.As<int>();
        ReadOnlySpan<byte> kinds = block.Kinds;
        for (int i = 0; i < count; i++)
        {
            target[i] = kinds[i];
        }

        return ColumnVector.FromBuffers(type, count, null, values);
    }

    private static ColumnVector Longs<TField>(TField field, NexmarkEventBlock block, SqlType type, BufferPool pool)
        where TField : struct, INexmarkLongField
    {
        int count = block.Count;
        NativeBuffer values = pool.Rent(count * sizeof(long));
        NativeBuffer? validity = null;
        try
        {
            Span<long> target = values.As<long>();
            ReadOnlySpan<byte> kinds = block.Kinds;
            byte kind = (byte)field.Kind;
            for (int i = 0; i < count; i++)
            {
                target[i] = kinds[i] == kind ? field.Value(block, i) : 0;
            }

            validity = block.RentValidity(field.Kind, pool);
        }
        catch
        {
            values.Release();
            throw;
        }

        return ColumnVector.FromBuffers(type, count, validity, values);
    }

    private static ColumnVector Text<TField>(TField field, NexmarkEventBlock block, BufferPool pool)
        where TField : struct, INexmarkTextField
    {
        int count = block.Count;
        using var builder = new StringColumnBuilder(count, pool, block.CountOf(field.Kind) * field.BytesPerValue);
        ReadOnlySpan<byte> kinds = block.Kinds;
        byte kind = (byte)field.Kind;
        for (int i = 0; i < count; i++)
        {
            if (kinds[i] == kind)
            {
                field.Append(builder, block, i);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
