using System.Runtime.CompilerServices;

namespace Sim.Memory.Dram;

/// <summary>
/// One channel: its controller (request queue, <see cref="FrFcfsScheduler"/>, page policy,
/// <see cref="RefreshManager"/>), its ranks and its data bus. Time is counted in DRAM clock cycles.
/// The channel moves from decision to decision: at each it issues at most one command (one command
/// bus), and when nothing can issue it jumps straight to the first cycle something could, so idle
/// stretches cost nothing. A request entering at cycle c is considered at the decision of cycle c:
/// the controller adds no cycles of its own.
/// </summary>
public sealed class DramChannel
{
    private readonly int _index;
    private readonly DramTimings _t;
    private readonly bool _closePage;
    private readonly int _banksPerGroup;
    private readonly Rank[] _ranks;
    private readonly RequestQueue _queue;
    private readonly FrFcfsScheduler _scheduler = new();
    private readonly RefreshManager _refresh;
    private readonly IDramCompletionSink _sink;

    private long _next;              // the cycle of the next decision
    private long _lastIssue = -1;    // the cycle of the last command: one command a cycle
    private long _busFreeAt;         // the cycle after the last burst on the data bus

    public DramStats Stats { get; } = new();

    /// <summary>Sees every command, when set (tests, command traces); null costs one test per command.</summary>
    public IDramCommandObserver? Observer { get; set; }

    public DramChannel(int index, DramConfig config, IDramCompletionSink sink)
    {
        _index = index;
        _t = config.Timings;
        _closePage = config.Controller.PagePolicy == PagePolicy.Close;
        _banksPerGroup = config.Organization.BanksPerGroup;
        _ranks = new Rank[config.Organization.Ranks];
        for (int r = 0; r < _ranks.Length; r++) _ranks[r] = new Rank(config.Organization, config.Timings);
        _queue = new RequestQueue(config.Controller.QueueDepth);
        _refresh = new RefreshManager(_ranks.Length, config.Timings);
        _sink = sink;
    }

    public int Queued => _queue.Count;
    public bool IsFull => _queue.IsFull;

    /// <summary>The cycle of the next decision: the earliest at which the channel may act again.</summary>
    public long NextDecision => _next;

    /// <summary>
    /// Puts a request in the queue at <paramref name="cycle"/>, which must not be before a decision
    /// already made. The caller checks <see cref="IsFull"/> first.
    /// </summary>
    public void Enqueue(int tag, bool isWrite, in DramAddress address, long cycle)
    {
        AdvanceTo(cycle);
        _queue.Add(new DramRequest
        {
            Tag = tag,
            IsWrite = isWrite,
            Rank = address.Rank,
            BankGroup = address.BankGroup,
            Bank = address.BankGroup * _banksPerGroup + address.Bank,
            Row = address.Row,
            ArrivalCycle = cycle,
        });
        // The new request may be ready before the decision the channel had planned.
        _next = Math.Max(cycle, _lastIssue + 1);
    }

    /// <summary>Makes every decision before <paramref name="cycle"/>.</summary>
    public void AdvanceTo(long cycle)
    {
        while (_next < cycle) _next = Decide(_next);
    }

    /// <summary>Makes the next decision, whenever it falls; returns the cycle of the one after.</summary>
    public long Step() => _next = Decide(_next);

    /// <summary>The command <paramref name="request"/> needs next and the earliest cycle it may issue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called for every queued request at every decision
    public DramCommand NextCommand(in DramRequest request, long cycle, out long earliest)
    {
        if (_refresh.IsBlocking(request.Rank, cycle))
        {
            earliest = long.MaxValue; // the refresh manager wakes the channel when the rank is back
            return DramCommand.Refresh;
        }
        var rank = _ranks[request.Rank];
        int openRow = rank.Banks[request.Bank].OpenRow;
        if (openRow == request.Row)
        {
            // Data bursts may not overlap on the bus: the burst starts CL (or CWL) after the command.
            if (request.IsWrite)
            {
                earliest = Math.Max(rank.EarliestWrite(request.Bank, request.BankGroup), _busFreeAt - _t.CWL);
                return DramCommand.Write;
            }
            earliest = Math.Max(rank.EarliestRead(request.Bank, request.BankGroup), _busFreeAt - _t.CL);
            return DramCommand.Read;
        }
        if (openRow == Bank.Closed)
        {
            earliest = rank.EarliestActivate(request.Bank, request.BankGroup);
            return DramCommand.Activate;
        }
        earliest = rank.Banks[request.Bank].NextPrecharge;
        return DramCommand.Precharge;
    }

    private long Decide(long cycle)
    {
        long wake = long.MaxValue;
        if (_refresh.Next(cycle, _ranks, out var refreshCommand, out int refreshRank, out int refreshBank, ref wake))
        {
            if (refreshCommand == DramCommand.Precharge)
            {
                _ranks[refreshRank].Precharge(cycle, refreshBank);
                Stats.Precharges++;
            }
            else
            {
                _ranks[refreshRank].Refresh(cycle);
                _refresh.Refreshed(refreshRank);
                Stats.Refreshes++;
            }
            Observer?.OnCommand(refreshCommand, _index, refreshRank, refreshBank, -1, cycle);
            return Issued(cycle);
        }

        int position = _scheduler.Pick(_queue, this, cycle, out var command, ref wake);
        if (position < 0) return wake;
        Issue(position, command, cycle);
        return Issued(cycle);
    }

    private long Issued(long cycle)
    {
        _lastIssue = cycle;
        return cycle + 1;
    }

    private void Issue(int position, DramCommand command, long cycle)
    {
        ref var request = ref _queue.At(position);
        var rank = _ranks[request.Rank];
        switch (command)
        {
            case DramCommand.Activate:
                rank.Activate(cycle, request.Bank, request.BankGroup, request.Row);
                Stats.Activates++;
                if (request.Outcome == DramRequest.RowHit) request.Outcome = DramRequest.RowMiss;
                Observer?.OnCommand(command, _index, request.Rank, request.Bank, request.Row, cycle);
                return;
            case DramCommand.Precharge:
                rank.Precharge(cycle, request.Bank);
                Stats.Precharges++;
                request.Outcome = DramRequest.RowConflict;
                Observer?.OnCommand(command, _index, request.Rank, request.Bank, -1, cycle);
                return;
        }

        long done;
        if (command == DramCommand.Write)
        {
            rank.Write(cycle, request.Bank, request.BankGroup);
            done = cycle + _t.CWL + _t.BurstCycles;
            Stats.Writes++;
        }
        else
        {
            rank.Read(cycle, request.Bank, request.BankGroup);
            done = cycle + _t.CL + _t.BurstCycles;
            Stats.Reads++;
            Stats.ReadLatencyCycles += done - request.ArrivalCycle;
        }
        _busFreeAt = done;
        Observer?.OnCommand(command, _index, request.Rank, request.Bank, request.Row, cycle);
        if (_closePage)
        {
            long at = rank.AutoPrecharge(request.Bank);
            Stats.Precharges++;
            Observer?.OnCommand(DramCommand.Precharge, _index, request.Rank, request.Bank, -1, at);
        }
        switch (request.Outcome)
        {
            case DramRequest.RowHit: Stats.RowHits++; break;
            case DramRequest.RowMiss: Stats.RowMisses++; break;
            default: Stats.RowConflicts++; break;
        }
        if (done > Stats.LastCompletionCycle) Stats.LastCompletionCycle = done;

        int tag = request.Tag;
        bool isWrite = request.IsWrite;
        long arrival = request.ArrivalCycle;
        _queue.RemoveAt(position);
        _sink.OnComplete(tag, isWrite, arrival, done);
    }
}
