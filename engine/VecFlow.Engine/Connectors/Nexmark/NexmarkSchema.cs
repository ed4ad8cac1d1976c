using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The columns a nexmark table may declare: Flink's Nexmark table with its ROW columns flattened to <c>row.field</c>.</summary>
/// <remarks>
/// Flink's harness declares <c>event_type INT, person ROW&lt;...&gt;, auction ROW&lt;...&gt;, bid ROW&lt;...&gt;</c>; the binder
/// flattens the ROWs, so <c>bid.price</c> arrives as its own column. For an event of one kind the other two ROWs'
/// fields are NULL. A table may declare any subset, in any order; names match case-insensitively.
/// </remarks>
public static class NexmarkSchema
{
    /// <summary>Every generated field with its native type; index i is <see cref="NexmarkField"/> value i.</summary>
    public static RowSchema Fields { get; } = new(
    [
        new Field("event_type", SqlType.Int.WithNullable(false)),
        new Field("person.id", SqlType.BigInt),
        new Field("person.name", SqlType.Varchar),
        new Field("person.emailAddress", SqlType.Varchar),
        new Field("person.creditCard", SqlType.Varchar),
        new Field("person.city", SqlType.Varchar),
        new Field("person.state", SqlType.Varchar),
        new Field("person.dateTime", SqlType.Timestamp),
        new Field("person.extra", SqlType.Varchar),
        new Field("auction.id", SqlType.BigInt),
        new Field("auction.itemName", SqlType.Varchar),
        new Field("auction.description", SqlType.Varchar),
        new Field("auction.initialBid", SqlType.BigInt),
        new Field("auction.reserve", SqlType.BigInt),
        new Field("auction.dateTime", SqlType.Timestamp),
        new Field("auction.expires", SqlType.Timestamp),
        new Field("auction.seller", SqlType.BigInt),
        new Field("auction.category", SqlType.BigInt),
        new Field("auction.extra", SqlType.Varchar),
        new Field("bid.auction", SqlType.BigInt),
        new Field("bid.bidder", SqlType.BigInt),
        new Field("bid.price", SqlType.BigInt),
        new Field("bid.channel", SqlType.Varchar),
        new Field("bid.url", SqlType.Varchar),
        new Field("bid.dateTime", SqlType.Timestamp),
        new Field("bid.extra", SqlType.Varchar),
    ]);

    /// <summary>The field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static NexmarkField? Find(string name)
    {
        int index = Fields.IndexOf(name);
        return index < 0 ? null : (NexmarkField)index;
    }

    /// <summary>The native type of <paramref name="field"/>.</summary>
    public static SqlType TypeOf(NexmarkField field) => Fields[(int)field].Type;

    /// <summary>The event kind whose rows carry <paramref name="field"/>; null for <c>event_type</c>, which every row has.</summary>
    public static NexmarkEventKind? KindOf(NexmarkField field) => field switch
    {
        NexmarkField.EventType => null,
        <= NexmarkField.PersonExtra => NexmarkEventKind.Person,
        <= NexmarkField.AuctionExtra => NexmarkEventKind.Auction,
        _ => NexmarkEventKind.Bid,
    };
}
