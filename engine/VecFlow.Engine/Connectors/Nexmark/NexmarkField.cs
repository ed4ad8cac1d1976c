namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The generated fields of a Nexmark event, in the order of <see cref="NexmarkSchema.Fields"/>.</summary>
public enum NexmarkField
{
    EventType,
    PersonId,
    PersonName,
    PersonEmailAddress,
    PersonCreditCard,
    PersonCity,
    PersonState,
    PersonDateTime,
    PersonExtra,
    AuctionId,
    AuctionItemName,
    AuctionDescription,
    AuctionInitialBid,
    AuctionReserve,
    AuctionDateTime,
    AuctionExpires,
    AuctionSeller,
    AuctionCategory,
    AuctionExtra,
    BidAuction,
    BidBidder,
    BidPrice,
    BidChannel,
    BidUrl,
    BidDateTime,
    BidExtra,
}
