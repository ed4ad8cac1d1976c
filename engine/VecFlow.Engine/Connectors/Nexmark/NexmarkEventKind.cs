namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The kind of a Nexmark event; the numeric value is the <c>event_type</c> column (0 person, 1 auction, 2 bid).</summary>
public enum NexmarkEventKind : byte
{
    Person = 0,
    Auction = 1,
    Bid = 2,
}
