namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The purposes random bits are drawn for; each has its own stream, so a field never depends on which others are read.</summary>
internal enum NexmarkDraw
{
    PersonName,
    PersonEmail,
    PersonCard,
    PersonCity,
    PersonState,
    PersonExtra,
    AuctionItemName,
    AuctionDescription,
    AuctionInitialBid,
    AuctionReserve,
    AuctionExpires,
    AuctionSeller,
    AuctionCategory,
    AuctionExtra,
    BidAuction,
    BidBidder,
    BidPrice,
    BidChannel,
    BidExtra,
}
