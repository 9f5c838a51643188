namespace Sim.Memory.Dram;

/// <summary>
/// One channel: its controller (request queue, <see cref="IQueuePolicy"/>, <see cref="FrFcfsScheduler"/>,
/// page policy, <see cref="RefreshManager"/>), its ranks and its data bus. Time is counted in DRAM clock cycles.
/// The channel moves from decision to decision: at each it issues at most one command (one command
/// bus), and when nothing can issue it jumps straight to the first cycle something could, so idle
/// stretches cost nothing. A request entering at cycle c is considered at the decision of cycle c:
/// the controller adds no cycles of its own.
/// </summary>
internal sealed class DramChannel
{
    private readonly int _index;
    private readonly DramTimings _t;
    private readonly bool _closePage;
    private readonly int _banksPerGroup, _banksPerRank;
    private readonly Rank[] _ranks;
    private readonly RequestQueue _queue;
    private readonly IQueuePolicy _policy;
    private readonly EarliestCycles _earliest;
    private readonly RefreshManager _refresh;
    private readonly IDramCompletionSink _sink;

    private long _next;              // the cycle of the next decision
    private long _lastIssue = -1;    // the cycle of the last command: one command a cycle

    public DramStats Stats { get; } = new();

    /// <summary>Sees every command, when set (tests, command traces); null costs one test per command.</summary>
    public IDramCommandObserver? Observer { get; set; }

    public DramChannel(int index, DramConfig config, IDramCompletionSink sink)
    {
        _index = index;
        _t = config.Timings;
        _closePage = config.Controller.PagePolicy == PagePolicy.Close;
        _banksPerGroup = config.Organization.BanksPerGroup;
        _banksPerRank = config.Organization.BanksPerRank;
        _ranks = new Rank[config.Organization.Ranks];
        for (int r = 0; r < _ranks.Length; r++) _ranks[r] = new Rank(config.Organization, config.Timings);
        _policy = IQueuePolicy.For(config.Controller);
        _queue = new RequestQueue(_policy.Capacity, _ranks.Length, _banksPerRank);
        _earliest = new EarliestCycles(_queue, _ranks, config, FrFcfsScheduler.RowHitHoldCap(config.Timings));
        _refresh = new RefreshManager(_ranks.Length, config.Timings, config.Controller.RefreshStagger);
        _sink = sink;
    }

    public int Queued => _queue.Count;

    /// <summary>Whether the controller has room for a read, or a write, now.</summary>
    public bool CanAccept(bool isWrite) => _policy.CanAccept(isWrite, _queue.Count - _queue.WriteCount, _queue.WriteCount);

    /// <summary>The cycle of the next decision: the earliest at which the channel may act again.</summary>
    public long NextDecision => _next;

    /// <summary>
    /// Puts a request in the queue at <paramref name="cycle"/>, which must not be before a decision
    /// already made. The caller checks <see cref="CanAccept"/> first.
    /// </summary>
    public void Enqueue(int tag, bool isWrite, in DramAddress address, long cycle)
    {
        AdvanceTo(cycle);
        int bank = address.BankGroup * _banksPerGroup + address.Bank;
        var request = new DramRequest
        {
            Tag = tag,
            IsWrite = isWrite,
            Rank = address.Rank,
            BankGroup = address.BankGroup,
            Bank = bank,
            BankKey = address.Rank * _banksPerRank + bank,
            Row = address.Row,
            ArrivalCycle = cycle,
        };
        request.Command = EarliestCycles.CommandFor(_ranks[request.Rank].Banks[bank].OpenRow, in request);
        int slot = _queue.Add(in request);
        // Unless the requests served change (then every local part is worked out again), only the new request's
        // is, and, when it is its bank's first pending hit, which holds back their precharges, its bank's.
        if (!ServingChanged())
        {
            if (request.Command is DramCommand.Read or DramCommand.Write && _queue.PendingHits(request.BankKey) == 1)
                _earliest.UpdateLocals(request.BankKey);
            else
                _earliest.UpdateLocal(slot);
        }
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

    private long Decide(long cycle)
    {
        long wake = long.MaxValue;
        if (cycle >= _refresh.EarliestDue)
            for (int r = 0; r < _ranks.Length; r++) _earliest.Hold(r, _refresh.IsBlocking(r, cycle));
        if (_refresh.Next(cycle, _ranks, out var refreshCommand, out int refreshRank, out int refreshBank, ref wake))
        {
            if (refreshCommand == DramCommand.Precharge)
            {
                _ranks[refreshRank].Precharge(cycle, refreshBank);
                int bankKey = refreshRank * _banksPerRank + refreshBank;
                // Refresh does not wait for the row's opener: it will open the row again.
                _queue.ClearOpener(bankKey);
                _earliest.RowChanged(bankKey);
                _earliest.UpdateLocals(bankKey);
                Stats.Precharges++;
            }
            else
            {
                _ranks[refreshRank].Refresh(cycle);
                _refresh.Refreshed(refreshRank);
                _earliest.Hold(refreshRank, _refresh.IsBlocking(refreshRank, cycle));
                _earliest.UpdateGates(refreshRank);
                Stats.Refreshes++;
            }
            Observer?.OnCommand(refreshCommand, _index, refreshRank, refreshBank, -1, cycle);
            return Issued(cycle);
        }

        if (_queue.Count == 0) return wake;
        _earliest.CheckAll();
        int position = FrFcfsScheduler.Pick(_queue, _earliest.Gates, cycle, ref wake);
        if (position < 0) return wake;
        Issue(position, cycle);
        return Issued(cycle);
    }

    /// <summary>
    /// Asks the queue policy which requests to serve, now that a request came or went. When that changes, so
    /// do the hits that hold rows open, and every request's local part is worked out again. Returns whether
    /// it changed.
    /// </summary>
    private bool ServingChanged()
    {
        var serving = _policy.Serve(_queue.Count - _queue.WriteCount, _queue.WriteCount);
        if (serving == _queue.Serving) return false;
        _queue.Serving = serving;
        _earliest.UpdateAllLocals();
        return true;
    }

    private long Issued(long cycle)
    {
        _lastIssue = cycle;
        return cycle + 1;
    }

    private void Issue(int position, long cycle)
    {
        ref var request = ref _queue.At(position);
        var command = request.Command;
        var rank = _ranks[request.Rank];
        switch (command)
        {
            case DramCommand.Activate:
                rank.Activate(cycle, request.Bank, request.BankGroup, request.Row);
                _queue.SetOpener(position);
                _earliest.RowChanged(request.BankKey);
                _earliest.GroupTimingMoved(request.Rank, request.BankGroup); // tRRD_L, and all of the bank's
                _earliest.UpdateGates(request.Rank);                         // tRRD_S, tFAW
                Stats.Activates++;
                if (request.Outcome == DramRequest.RowHit) request.Outcome = DramRequest.RowMiss;
                Observer?.OnCommand(command, _index, request.Rank, request.Bank, request.Row, cycle);
                return;
            case DramCommand.Precharge:
                rank.Precharge(cycle, request.Bank);
                _earliest.RowChanged(request.BankKey);
                _earliest.UpdateLocals(request.BankKey); // a precharge moves only its bank's timing
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
        int rankIndex = request.Rank, group = request.BankGroup, bankKey = request.BankKey;
        _queue.RemoveAt(position);
        ServingChanged();
        // The group's tCCD_L and tWTR_L, the bank's tRTP or tWR, its open row (auto-precharge) and its
        // pending hits (the hold on its precharges) moved; so did the data bus, for every rank.
        if (_closePage)
        {
            _queue.ClearOpener(bankKey); // a younger hit served first closes the row under its opener
            _earliest.RowChanged(bankKey);
        }
        _earliest.GroupTimingMoved(rankIndex, group);
        _earliest.ColumnIssued(rankIndex, done);
        _sink.OnComplete(tag, isWrite, arrival, done);
    }
}
