namespace Sim.Memory.Dram;

/// <summary>
/// First-ready, first-come-first-served: among the requests whose next command could issue this
/// cycle, a column command (a row hit) goes first, the oldest such; failing that, the oldest ready
/// request's activate or precharge. When nothing is ready it reports the earliest cycle something
/// will be, so the channel can skip the cycles in between.
/// </summary>
public sealed class FrFcfsScheduler
{
    /// <summary>
    /// Returns the queue position of the request to serve at <paramref name="cycle"/> and its command,
    /// or -1 when none is ready; <paramref name="wake"/> is lowered to the earliest cycle a waiting
    /// request's next command could issue.
    /// </summary>
    public int Pick(RequestQueue queue, DramChannel channel, long cycle, out DramCommand command, ref long wake)
    {
        int firstReady = -1;
        command = default;
        for (int i = 0; i < queue.Count; i++)
        {
            var next = channel.NextCommand(in queue.At(i), cycle, out long earliest);
            if (earliest <= cycle)
            {
                if (next is DramCommand.Read or DramCommand.Write)
                {
                    command = next;
                    return i;
                }
                if (firstReady < 0)
                {
                    firstReady = i;
                    command = next;
                }
            }
            else if (earliest < wake) wake = earliest;
        }
        return firstReady;
    }
}
