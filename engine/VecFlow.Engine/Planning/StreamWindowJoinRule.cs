using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Streaming planning: a join on the window_start and window_end attributes of both sides becomes a <see cref="StreamWindowJoinNode"/>.</summary>
/// <remarks>
/// Matches Flink's window join: the equi keys pair the left window_start with the right window_start and the left
/// window_end with the right window_end, both sides windowed by the same window function (TUMBLE / HOP / CUMULATE of
/// equal size, step and offset; see <see cref="StreamWindowAttributes"/>). Any other equi keys and the residual
/// condition stay as they are. Every join kind qualifies; anything else is left alone.
/// </remarks>
public static class StreamWindowJoinRule
{
    /// <summary>The streaming window join equivalent to <paramref name="join"/>, or null when it is not a window join.</summary>
    public static StreamWindowJoinNode? TryRewrite(JoinNode join)
    {
        ArgumentNullException.ThrowIfNull(join);
        IReadOnlyList<StreamWindowColumn?> left = StreamWindowAttributes.Of(join.Left);
        IReadOnlyList<StreamWindowColumn?> right = StreamWindowAttributes.Of(join.Right);
        bool start = false;
        int leftEnd = -1;
        int rightEnd = -1;
        for (int k = 0; k < join.LeftKeys.Count; k++)
        {
            if (left[join.LeftKeys[k]] is not { } l || right[join.RightKeys[k]] is not { } r || l != r)
            {
                continue;
            }

            start |= l.Property == StreamWindowProperty.WindowStart;
            if (l.Property == StreamWindowProperty.WindowEnd && leftEnd < 0)
            {
                leftEnd = join.LeftKeys[k];
                rightEnd = join.RightKeys[k];
            }
        }

        return start && leftEnd >= 0 ? new StreamWindowJoinNode(join, leftEnd, rightEnd) : null;
    }
}
