using System.Diagnostics;

namespace Sim.Memory.Dram;

/// <summary>
/// First-ready, first-come-first-served: among the requests whose next command could issue this
/// cycle, a column command (a row hit) goes first, the oldest such; failing that, the oldest ready
/// request's activate or precharge, except that a row with pending hits is not closed (up to a cap,
/// <see cref="RowHitHoldCap"/>). When nothing is ready it reports the earliest cycle something
/// will be, so the channel can skip the cycles in between.
/// <para>
/// The choice and the wake-up are exactly those of checking every queued request at every decision,
/// but most requests are far from ready and are passed over without working out their earliest
/// cycle from the bank, group and rank state:
/// <list type="bullet">
/// <item>A command's earliest cycle is the latest of a rank-wide part, the same for every request
/// of the rank that needs that command (the gate: tCCD_S, tRRD_S, tFAW, tWTR_S, the data bus,
/// refresh), and the bank's and its group's part. The queue keeps its requests grouped by rank and
/// command, so a group whose gate is after this cycle is skipped whole.</item>
/// <item>Each request keeps a lower bound on its earliest cycle (<see cref="DramRequest.Earliest"/>):
/// the exact cycle when last worked out. Every timing constraint only moves forward while a
/// request's command stays the same, and the channel resets the bound when it changes (the bank
/// opened or closed a row), so the bound stays below the true cycle: a request whose bound is after
/// this cycle cannot be ready.</item>
/// </list>
/// </para>
/// </summary>
public sealed class FrFcfsScheduler
{
    private readonly ulong[] _candidates; // the union of the groups whose gate is open, as positions
    private readonly long _holdCap;

    /// <param name="holdCap">How long a request may be kept waiting for its precharge by a row's pending hits (<see cref="RowHitHoldCap"/>).</param>
    public FrFcfsScheduler(RequestQueue queue, long holdCap)
    {
        _candidates = new ulong[queue.Groups.Words];
        _holdCap = holdCap;
    }

    /// <summary>
    /// Row hits first means a row is not closed while requests that hit it are still waiting for
    /// their read or write: otherwise a younger request's precharge, ready at tRAS, closes a row an
    /// older request has just opened whenever that request's read is held up on the bus a little
    /// longer, and the older request has to open it again (thrashing: 22,722 activates for the 20,000
    /// random reads of DramTimingTests' tRRD/tFAW trace; 20,095 with the hold). So a precharge waits while its bank has pending hits. A steady stream of hits
    /// could then starve the request that wants another row, so it waits no longer than this cap from
    /// its arrival: four row cycles (tRC), time for a few dozen hits.
    /// </summary>
    public static long RowHitHoldCap(DramTimings timings) => 4L * timings.TRC;

    /// <summary>
    /// Returns the queue position of the request to serve at <paramref name="cycle"/> (its
    /// <see cref="DramRequest.Command"/> is the command), or -1 when none is ready; then
    /// <paramref name="wake"/> is lowered to the earliest cycle a waiting request's next command could
    /// issue. <paramref name="gates"/>[<see cref="RequestQueue.Group"/>] is the rank-wide part of that
    /// group's earliest cycle, long.MaxValue while the rank is held for refresh.
    /// </summary>
    public int Pick(RequestQueue queue, Rank[] ranks, long[] gates, long cycle, ref long wake)
    {
        var groups = queue.Groups;
        var candidates = _candidates.AsSpan();
        candidates.Clear();
        for (int g = 0; g < gates.Length; g++)
        {
            if (gates[g] > cycle) continue;
            var members = groups.Of(g);
            for (int w = 0; w < candidates.Length; w++) candidates[w] |= members[w];
        }

        // Oldest first: the first ready column command wins at once; else the first ready other command.
        int firstReady = -1;
        for (int w = 0; w < candidates.Length; w++)
        {
            ulong bits = candidates[w];
            while (bits != 0)
            {
                int position = PositionSets.TakeLowest(ref bits, w);
                ref var request = ref queue.At(position);
                if (request.Earliest > cycle) continue;
                if (Exact(queue, ranks, ref request, gates) > cycle) continue;
                if (request.Command is DramCommand.Read or DramCommand.Write) return position;
                if (firstReady < 0) firstReady = position;
            }
        }
        if (firstReady >= 0) return firstReady;

        // Nothing is ready: the wake-up is the least earliest cycle. Only a request whose bound is
        // below the least found so far can lower it, so only those are worked out exactly.
        for (int g = 0; g < gates.Length; g++)
        {
            long gate = gates[g];
            if (gate >= wake) continue;
            var members = groups.Of(g);
            // No member can beat the gate: once the wake-up is down to it, the group is done.
            for (int w = 0; w < members.Length && gate < wake; w++)
            {
                ulong bits = members[w];
                while (bits != 0 && gate < wake)
                {
                    ref var request = ref queue.At(PositionSets.TakeLowest(ref bits, w));
                    if (Math.Max(request.Earliest, gate) >= wake) continue;
                    long earliest = Exact(queue, ranks, ref request, gates);
                    if (earliest < wake) wake = earliest;
                }
            }
        }
        return -1;
    }

    /// <summary>
    /// Works out the request's earliest cycle afresh and keeps it as its new bound. A precharge held
    /// back by its bank's pending hits counts the hold up to its cap (<see cref="RowHitHoldCap"/>);
    /// when the last hit is served, the channel forgets the bounds of the bank's requests.
    /// </summary>
    private long Exact(RequestQueue queue, Rank[] ranks, ref DramRequest request, long[] gates)
    {
        long earliest = Math.Max(gates[RequestQueue.Group(request.Rank, request.Command)],
            ranks[request.Rank].LocalEarliest(request.Command, request.Bank, request.BankGroup));
        if (request.Command == DramCommand.Precharge && queue.PendingHits(request.BankKey) > 0)
            earliest = Math.Max(earliest, request.ArrivalCycle + _holdCap);
        Debug.Assert(earliest >= request.Earliest, "a request's bound on its earliest cycle went above the true cycle");
        return request.Earliest = earliest;
    }
}
