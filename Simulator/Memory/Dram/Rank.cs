using System.Runtime.CompilerServices;

namespace Sim.Memory.Dram;

/// <summary>
/// One rank: its banks, the constraints shared by a bank group (tCCD_L, tRRD_L, tWTR_L) and by the
/// whole rank (tCCD_S, tRRD_S, tWTR_S, read-to-write turnaround, tFAW, refresh). Each command's
/// earliest cycle is the latest of the bank's, its group's and the rank's; issuing a command pushes
/// those three levels forward. The data bus, shared by the ranks of a channel, is the channel's.
/// </summary>
internal sealed class Rank
{
    private readonly DramTimings _t;
    private readonly long[] _groupNextActivate, _groupNextRead, _groupNextWrite;
    private long _nextActivate, _nextRead, _nextWrite;
    private FourActivateWindow _faw;

    public Bank[] Banks { get; }

    /// <summary>Banks with a row open; a refresh needs none.</summary>
    public int OpenBanks { get; private set; }

    public Rank(DramOrganization org, DramTimings timings)
    {
        _t = timings;
        Banks = new Bank[org.BanksPerRank];
        for (int b = 0; b < Banks.Length; b++) Banks[b].OpenRow = Bank.Closed;
        _groupNextActivate = new long[org.BankGroups];
        _groupNextRead = new long[org.BankGroups];
        _groupNextWrite = new long[org.BankGroups];
    }

    // A command's earliest cycle is the latest of a rank-wide part, shared by every bank of the rank,
    // and a local part, the bank's own and its group's. The scheduler takes them apart so that it
    // can rule out a whole rank on the rank-wide part alone (FrFcfsScheduler).

    /// <summary>The rank-wide part of <paramref name="command"/>'s earliest cycle (tCCD_S, tRRD_S, tWTR_S, tRTW, tFAW, tRFC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long RankEarliest(DramCommand command) => command switch
    {
        DramCommand.Read => _nextRead,
        DramCommand.Write => _nextWrite,
        DramCommand.Activate => Math.Max(_nextActivate, _faw.EarliestNext(_t.TFAW)),
        _ => 0, // a precharge waits for its bank alone
    };

    /// <summary>The bank's and its group's part of <paramref name="command"/>'s earliest cycle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LocalEarliest(DramCommand command, int bank, int group)
    {
        ref readonly var b = ref Banks[bank];
        return command switch
        {
            DramCommand.Read => Math.Max(b.NextRead, _groupNextRead[group]),
            DramCommand.Write => Math.Max(b.NextWrite, _groupNextWrite[group]),
            DramCommand.Activate => Math.Max(b.NextActivate, _groupNextActivate[group]),
            _ => b.NextPrecharge,
        };
    }

    /// <summary>A refresh needs every bank precharged for tRP and the last activate tRC behind.</summary>
    public long EarliestRefresh()
    {
        long earliest = _nextActivate;
        foreach (ref readonly var bank in Banks.AsSpan())
            earliest = Math.Max(earliest, bank.NextActivate);
        return earliest;
    }

    public void Activate(long cycle, int bank, int group, int row)
    {
        ref var b = ref Banks[bank];
        b.OpenRow = row;
        b.NextActivate = cycle + _t.TRC;
        b.NextPrecharge = cycle + _t.TRAS;
        b.NextRead = cycle + _t.TRCD;
        b.NextWrite = cycle + _t.TRCD;
        OpenBanks++;
        // tRRD_S and tRRD_L count from the last activate of the rank or group: raise, never lower,
        // since a refresh may have pushed the rank's next activate further.
        _groupNextActivate[group] = Math.Max(_groupNextActivate[group], cycle + _t.TRRD_L);
        _nextActivate = Math.Max(_nextActivate, cycle + _t.TRRD_S);
        _faw.Record(cycle);
    }

    public void Precharge(long cycle, int bank)
    {
        ref var b = ref Banks[bank];
        b.OpenRow = Bank.Closed;
        b.NextActivate = Math.Max(b.NextActivate, cycle + _t.TRP);
        OpenBanks--;
    }

    public void Read(long cycle, int bank, int group)
    {
        ref var b = ref Banks[bank];
        b.NextPrecharge = Math.Max(b.NextPrecharge, cycle + _t.TRTP);
        RaiseGroup(group, cycle + _t.TCCD_L, cycle + _t.TRTW);
        _nextRead = Math.Max(_nextRead, cycle + _t.TCCD_S);
        _nextWrite = Math.Max(_nextWrite, cycle + _t.TRTW);
    }

    public void Write(long cycle, int bank, int group)
    {
        ref var b = ref Banks[bank];
        b.NextPrecharge = Math.Max(b.NextPrecharge, cycle + _t.WriteToPrecharge);
        RaiseGroup(group, cycle + _t.WriteToReadLong, cycle + _t.TCCD_L);
        _nextRead = Math.Max(_nextRead, cycle + _t.WriteToReadShort);
        _nextWrite = Math.Max(_nextWrite, cycle + _t.TCCD_S);
    }

    /// <summary>
    /// Close-page policy: the bank precharges itself as soon as tRAS, tRTP or tWR allow after the
    /// access (auto-precharge). Returns the cycle of that precharge.
    /// </summary>
    public long AutoPrecharge(int bank)
    {
        long cycle = Banks[bank].NextPrecharge;
        Precharge(cycle, bank);
        return cycle;
    }

    /// <summary>Refreshes the whole rank: no activate, and so no access, for tRFC.</summary>
    public void Refresh(long cycle) => _nextActivate = Math.Max(_nextActivate, cycle + _t.TRFC);

    private void RaiseGroup(int group, long read, long write)
    {
        _groupNextRead[group] = Math.Max(_groupNextRead[group], read);
        _groupNextWrite[group] = Math.Max(_groupNextWrite[group], write);
    }
}
