using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sim.Memory.Dram;

/// <summary>
/// First-ready, first-come-first-served: among the requests whose next command could issue this
/// cycle, a column command (a row hit) goes first, the oldest such; failing that, the oldest ready
/// request's activate or precharge, except that a row is not closed before the request that opened
/// it has been served, nor while other requests hit it (up to a cap, <see cref="RowHitHoldCap"/>).
/// When nothing is ready it reports the earliest cycle something will be, so the channel can skip
/// the cycles in between. Only the requests the queue policy serves are considered
/// (<see cref="RequestQueue.Eligible"/>): with a write queue, the reads or the writes.
/// <para>
/// Both parts of every queued request's earliest cycle are kept exact by <see cref="EarliestCycles"/>:
/// the rank-wide gate of each group of requests (rank and command) and each request's own local part,
/// stored by age in <see cref="RequestQueue.LocalAt"/>. So a decision needs no timing state: the groups
/// whose gate has come give a bit mask of positions, vector compares over the local parts give
/// another, and their intersection holds the ready requests, oldest first. When it is empty, the
/// wake-up is the least over the groups of the later of the gate and the least local part, and a
/// group stops at the first member whose local part is within its gate.
/// </para>
/// </summary>
internal static class FrFcfsScheduler
{
    /// <summary>
    /// Row hits first means a row is not closed while requests that hit it are still waiting for
    /// their read or write: otherwise a younger request's precharge, ready at tRAS, closes a row an
    /// older request has just opened whenever that request's read is held up on the bus a little
    /// longer, and the older request has to open it again (thrashing: 22,722 activates for the 20,000
    /// random reads of DramTimingTests' tRRD/tFAW trace; 20,095 with the hold). So a precharge waits while
    /// its bank has pending hits. A steady stream of hits could then starve the request that wants
    /// another row, so it waits no longer than this cap from its arrival: four row cycles (tRC), time for
    /// a few dozen hits. The cap never closes a row under the request that opened it, though: in a deep
    /// queue requests wait longer than the cap, and a row closed before its opener's read would have to
    /// be opened again (a wasted activate) by the same request.
    /// </summary>
    public static long RowHitHoldCap(DramTimings timings) => 4L * timings.TRC;

    /// <summary>
    /// Returns the queue position of the request to serve at <paramref name="cycle"/> (its
    /// <see cref="DramRequest.Command"/> is the command), or -1 when none is ready; then
    /// <paramref name="wake"/> is lowered to the earliest cycle a waiting request's next command could
    /// issue. <paramref name="gates"/>[<see cref="RequestQueue.Group"/>] is the rank-wide part of that
    /// group's earliest cycle, long.MaxValue while the rank is held for refresh.
    /// </summary>
    public static int Pick(RequestQueue queue, long[] gates, long cycle, ref long wake)
    {
        var groups = queue.Groups;
        long[] localAt = queue.LocalAt;
        int count = queue.Count;
        int firstReady = -1;
        for (int w = 0; w << 6 < count; w++)
        {
            ulong open = 0;
            for (int g = 0; g < gates.Length; g++)
                if (gates[g] <= cycle) open |= groups.Of(g)[w];
            open &= queue.Eligible(w);
            if (open == 0) continue;
            ulong ready = open & LocalBits(localAt, w, Math.Min(64, count - (w << 6)), cycle);
            if (ready == 0) continue;
            // Oldest first: the first ready column command wins at once; else the first ready other command.
            ulong column = ready & queue.ColumnBits(w);
            if (column != 0) return (w << 6) + BitOperations.TrailingZeroCount(column);
            if (firstReady < 0) firstReady = (w << 6) + BitOperations.TrailingZeroCount(ready);
        }
        if (firstReady >= 0) return firstReady;

        // Nothing is ready: the wake-up is the least of max(gate, local part). A group whose gate is
        // not below the least found so far cannot lower it, nor a member whose local part is not; a
        // member within the gate makes the gate the group's least, and the group is done.
        for (int g = 0; g < gates.Length; g++)
        {
            long gate = gates[g];
            if (gate >= wake) continue;
            var members = groups.Of(g);
            for (int w = 0; w < members.Length && gate < wake; w++)
            {
                ulong bits = members[w] & queue.Eligible(w);
                while (bits != 0)
                {
                    long local = localAt[PositionSets.TakeLowest(ref bits, w)];
                    if (local <= gate)
                    {
                        wake = gate;
                        break;
                    }
                    if (local < wake) wake = local;
                }
            }
        }
        return -1;
    }

    /// <summary>
    /// The positions of word <paramref name="word"/> whose local part has come (<paramref name="used"/>
    /// of them hold requests; the array has long.MaxValue beyond, up to the word's end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LocalBits(long[] localAt, int word, int used, long cycle)
    {
        ref long first = ref MemoryMarshal.GetArrayDataReference(localAt);
        nuint start = (nuint)(word << 6);
        ulong bits = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var now = Vector256.Create(cycle);
            // The array is whole words long, so a vector starting below the end of the word fits.
            for (int i = 0; i < used; i += Vector256<long>.Count)
                bits |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, start + (nuint)i), now)
                    .ExtractMostSignificantBits() << i;
            return bits;
        }
        for (int i = 0; i < used; i++)
            if (Unsafe.Add(ref first, start + (nuint)i) <= cycle) bits |= 1UL << i;
        return bits;
    }
}
