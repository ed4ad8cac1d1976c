using VecFlow.Engine.Planning;

namespace VecFlow.Engine.Sessions;

/// <summary>The batch planner's broadcast-join threshold, from <c>SET 'table.optimizer.join.broadcast-threshold'</c>.</summary>
public sealed partial class SqlSession
{
    private long BroadcastThresholdBytes => Settings.Values.TryGetValue(BroadcastJoinRule.ThresholdKey, out string? text)
        ? text.Trim() == "-1" ? -1 : SessionSettings.ParseBytes(text)
        : BroadcastJoinRule.DefaultThresholdBytes;
}
