namespace Sim.Memory.Dram;

/// <summary>What the controller does with a row after a column access.</summary>
public enum PagePolicy
{
    /// <summary>Leave the row open: the next access to it is a row hit, one to another row a conflict.</summary>
    Open,

    /// <summary>Close the row with the access itself (read or write with auto-precharge).</summary>
    Close,
}

/// <summary>
/// When each rank's first refresh falls. Either way a rank refreshes every tREFI and the ranks are tREFI / ranks apart;
/// only the phase differs, which moves every later refresh and so the cycles of any run longer than tREFI / ranks.
/// </summary>
internal enum RefreshStagger
{
    /// <summary>Rank r first at tREFI + r x tREFI / ranks: no rank refreshes before a full interval has passed.</summary>
    AfterInterval,

    /// <summary>
    /// Rank r first at (r + 1) x tREFI / ranks, the last rank at tREFI: DRAMSim3's RANK_LEVEL_STAGGERED, which
    /// refreshes one rank every tREFI / ranks from cycle tREFI / ranks on.
    /// </summary>
    WithinInterval,
}

/// <summary>One field of a DRAM address; an <see cref="AddressMapper"/> orders them.</summary>
internal enum AddressField { Channel, Rank, BankGroup, Bank, Row, Column }

/// <summary>
/// The JEDEC timing constraints, all in DRAM clock cycles (tCK). <see cref="BurstCycles"/> is the
/// data-bus time of one burst: burst length / 2 on a double-data-rate bus. <see cref="TRTRS"/> is the
/// rank-to-rank switching time: the idle cycles the data bus needs between a burst of one rank and a
/// burst of another (DRAMSim3's tRTRS; 0 with one rank).
/// </summary>
internal sealed record DramTimings(
    int CL, int CWL, int TRCD, int TRP, int TRAS, int TRC,
    int TCCD_S, int TCCD_L, int TRRD_S, int TRRD_L, int TFAW,
    int TWR, int TWTR_S, int TWTR_L, int TRTP, int TRFC, int TREFI,
    int BurstCycles, int TRTRS)
{
    /// <summary>
    /// Read to write on one rank: the write's data must follow the read's off the bus with a turnaround
    /// cycle each way (JESD79-4: RL + BL/2 - WL + 2 tCK).
    /// </summary>
    public int TRTW => Math.Max(1, CL + BurstCycles + 2 - CWL);

    /// <summary>Write to read, same bank group: the write's data, then tWTR_L (JESD79-4: CWL + BL/2 + tWTR_L).</summary>
    public int WriteToReadLong => CWL + BurstCycles + TWTR_L;

    /// <summary>Write to read, another bank group of the rank.</summary>
    public int WriteToReadShort => CWL + BurstCycles + TWTR_S;

    /// <summary>Write to precharge: write recovery counts from the end of the write's data.</summary>
    public int WriteToPrecharge => CWL + BurstCycles + TWR;
}

/// <summary>
/// The organisation of one channel: ranks, bank groups x banks per rank, rows per bank, and the
/// data bus. A column here is one burst's worth of a row, so a row has RowBytes / BytesPerBurst columns.
/// </summary>
internal sealed record DramOrganization(
    int Ranks, int BankGroups, int BanksPerGroup, int Rows, int RowBytes,
    int BusWidthBits, int BurstLength, int BytesPerBurst)
{
    public int BanksPerRank => BankGroups * BanksPerGroup;
    public int Columns => RowBytes / BytesPerBurst;
}

/// <summary>
/// One channel's controller: request queue depth, page policy and the address mapping. Reads and writes share
/// the queue of <see cref="QueueDepth"/> entries, unless <see cref="WriteQueue"/> gives writes their own: then
/// <see cref="QueueDepth"/> is the read queue's.
/// </summary>
internal sealed record DramControllerConfig(int QueueDepth, PagePolicy PagePolicy, IReadOnlyList<AddressField> AddressMapping)
{
    /// <summary>A separate write queue with write draining (<c>write_queue:</c>), or null.</summary>
    public WriteQueueConfig? WriteQueue { get; init; }

    /// <summary>The phase of the ranks' refreshes (<c>refresh_stagger:</c>).</summary>
    public RefreshStagger RefreshStagger { get; init; } = RefreshStagger.AfterInterval;
}

/// <summary>
/// A write queue of <see cref="Entries"/> slots, drained from the moment it holds <see cref="HighWatermark"/>
/// writes until it holds <see cref="LowWatermark"/> (<see cref="WriteDrain"/>).
/// </summary>
internal sealed record WriteQueueConfig(int Entries, int HighWatermark, int LowWatermark);

/// <summary>A DRAM memory system: identical channels, each with its own controller and data bus.</summary>
internal sealed record DramConfig(
    string Name,
    string SourcePath,
    double ClockMhz,
    int Channels,
    DramOrganization Organization,
    DramTimings Timings,
    DramControllerConfig Controller)
{
    /// <summary>The JEDEC standard the part follows (<c>standard:</c>): what the energy tables key their DRAM figures by.</summary>
    public DramStandard Standard { get; init; } = DramStandard.Ddr4;

    /// <summary>The part's datasheet currents (<c>power:</c>), or null: then the energy table's per-channel figures apply.</summary>
    public DramPower? Power { get; init; }

    /// <summary>Peak data bandwidth of all channels in GB/s (10^9 bytes a second).</summary>
    public double PeakGBps =>
        Channels * Organization.BytesPerBurst * ClockMhz * 1e6 / Timings.BurstCycles / 1e9;
}
