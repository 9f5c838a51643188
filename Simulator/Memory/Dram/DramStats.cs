namespace Sim.Memory.Dram;

/// <summary>
/// Counters of one channel (or, summed, of a memory system): the commands issued, for energy, and
/// how each request found its row, for reports. A request is a row hit when it needed no activate of
/// its own, even if it arrived while its bank was closed and another request's activate opened the row.
/// </summary>
internal sealed class DramStats
{
    public long Activates, Precharges, Reads, Writes, Refreshes;
    public long RowHits, RowMisses, RowConflicts;

    /// <summary>Sum over reads of the cycles from entering the controller to the data's return.</summary>
    public long ReadLatencyCycles;

    /// <summary>The cycle after the last burst completed so far.</summary>
    public long LastCompletionCycle;

    public double RowHitRate
    {
        get
        {
            long all = RowHits + RowMisses + RowConflicts;
            return all == 0 ? 0 : (double)RowHits / all;
        }
    }

    public double AverageReadLatencyCycles => Reads == 0 ? 0 : (double)ReadLatencyCycles / Reads;

    /// <summary>What happened since <paramref name="earlier"/>, a snapshot of the same counters.</summary>
    public DramStats Since(DramStats earlier) => new()
    {
        Activates = Activates - earlier.Activates, Precharges = Precharges - earlier.Precharges,
        Reads = Reads - earlier.Reads, Writes = Writes - earlier.Writes, Refreshes = Refreshes - earlier.Refreshes,
        RowHits = RowHits - earlier.RowHits, RowMisses = RowMisses - earlier.RowMisses, RowConflicts = RowConflicts - earlier.RowConflicts,
        ReadLatencyCycles = ReadLatencyCycles - earlier.ReadLatencyCycles,
        LastCompletionCycle = LastCompletionCycle,
    };

    /// <summary>
    /// The counters' part from fraction <paramref name="from"/>/<paramref name="whole"/> to <paramref name="to"/>/<paramref name="whole"/>
    /// of them (rounded down at both ends, so consecutive parts add up to the whole).
    /// </summary>
    public DramStats Part(long from, long to, long whole)
    {
        long Of(long counter) => (long)((Int128)counter * to / whole - (Int128)counter * from / whole);
        return new()
        {
            Activates = Of(Activates), Precharges = Of(Precharges), Reads = Of(Reads), Writes = Of(Writes), Refreshes = Of(Refreshes),
            RowHits = Of(RowHits), RowMisses = Of(RowMisses), RowConflicts = Of(RowConflicts),
            ReadLatencyCycles = Of(ReadLatencyCycles),
            LastCompletionCycle = LastCompletionCycle,
        };
    }

    public void Add(DramStats other)
    {
        Activates += other.Activates; Precharges += other.Precharges;
        Reads += other.Reads; Writes += other.Writes; Refreshes += other.Refreshes;
        RowHits += other.RowHits; RowMisses += other.RowMisses; RowConflicts += other.RowConflicts;
        ReadLatencyCycles += other.ReadLatencyCycles;
        LastCompletionCycle = Math.Max(LastCompletionCycle, other.LastCompletionCycle);
    }
}
