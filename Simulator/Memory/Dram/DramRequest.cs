namespace Sim.Memory.Dram;

/// <summary>
/// One burst waiting in a controller's queue. A struct in a preallocated array, so queueing allocates
/// nothing. <see cref="Outcome"/> records what the request needed on its way: nothing (a row hit), an
/// activate (a miss: the bank was closed) or a precharge first (a conflict: another row was open).
/// </summary>
public struct DramRequest
{
    public const int RowHit = 0, RowMiss = 1, RowConflict = 2;

    public int Tag;
    public bool IsWrite;
    public int Rank;
    public int BankGroup;

    /// <summary>The bank's index within its rank: bank group x banks per group + bank.</summary>
    public int Bank;

    public int Row;
    public long ArrivalCycle;
    public int Outcome;
}
