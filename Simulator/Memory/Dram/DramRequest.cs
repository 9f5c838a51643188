namespace Sim.Memory.Dram;

/// <summary>
/// One burst waiting in a controller's queue. A struct in a preallocated array, so queueing allocates
/// nothing. <see cref="Outcome"/> records what the request needed on its way: nothing (a row hit), an
/// activate (a miss: the bank was closed) or a precharge first (a conflict: another row was open).
/// </summary>
internal struct DramRequest
{
    public const int RowHit = 0, RowMiss = 1, RowConflict = 2;

    public int Tag;
    public bool IsWrite;
    public int Rank;
    public int BankGroup;

    /// <summary>The bank's index within its rank: bank group x banks per group + bank.</summary>
    public int Bank;

    /// <summary>The bank's index within the channel (rank x banks per rank + bank): its list in the queue.</summary>
    public int BankKey;

    public int Row;
    public long ArrivalCycle;
    public int Outcome;

    /// <summary>
    /// The command the request needs next, given its bank's open row. It changes only when the bank
    /// opens or closes a row, and <see cref="EarliestCycles.RowChanged"/> then sets it again.
    /// </summary>
    public DramCommand Command;

    /// <summary>
    /// The bank's and its group's part of the earliest cycle <see cref="Command"/> may issue (tRCD,
    /// tRAS, tRP, tRC, tRTP, tWR, tCCD_L, tRRD_L, tWTR_L), with the row-hit hold for a precharge:
    /// exact, since <see cref="EarliestCycles"/> works it out again whenever its bank group changes.
    /// </summary>
    public long LocalEarliest;
}
