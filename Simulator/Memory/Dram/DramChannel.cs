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
    private readonly int _banksPerGroup, _banksPerRank;
    private readonly Rank[] _ranks;
    private readonly RequestQueue _queue;
    private readonly FrFcfsScheduler _scheduler;
    private readonly RefreshManager _refresh;
    private readonly IDramCompletionSink _sink;
    private readonly long[] _gates;  // per rank and command: the rank-wide part of the earliest cycle (FrFcfsScheduler)

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
        _banksPerRank = config.Organization.BanksPerRank;
        _ranks = new Rank[config.Organization.Ranks];
        for (int r = 0; r < _ranks.Length; r++) _ranks[r] = new Rank(config.Organization, config.Timings);
        _queue = new RequestQueue(config.Controller.QueueDepth, _ranks.Length, _banksPerRank);
        _scheduler = new FrFcfsScheduler(_queue, FrFcfsScheduler.RowHitHoldCap(config.Timings));
        _gates = new long[_ranks.Length * RequestQueue.GroupsPerRank];
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
        request.Command = CommandFor(in request);
        request.Earliest = long.MinValue;
        _queue.Add(in request);
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

    /// <summary>The command <paramref name="request"/> needs next, given its bank's open row.</summary>
    private DramCommand CommandFor(in DramRequest request)
    {
        int openRow = _ranks[request.Rank].Banks[request.Bank].OpenRow;
        return openRow == request.Row ? request.IsWrite ? DramCommand.Write : DramCommand.Read
            : openRow == Bank.Closed ? DramCommand.Activate
            : DramCommand.Precharge;
    }

    /// <summary>
    /// A bank opened or closed a row: its requests need other commands now, and their bounds on the
    /// earliest cycle, which hold only while the command stays the same, are forgotten.
    /// </summary>
    private void BankChanged(int rank, int bank)
    {
        int bankKey = rank * _banksPerRank + bank;
        for (int slot = _queue.FirstInBank(bankKey); slot >= 0; slot = _queue.NextInBank(slot))
            _queue.SetCommand(slot, CommandFor(in _queue.InSlot(slot)));
        ForgetBounds(bankKey);
    }

    private void ForgetBounds(int bankKey)
    {
        for (int slot = _queue.FirstInBank(bankKey); slot >= 0; slot = _queue.NextInBank(slot))
            _queue.InSlot(slot).Earliest = long.MinValue;
    }

    /// <summary>
    /// The rank-wide part of each command's earliest cycle, for the scheduler. A column command's
    /// data burst may not overlap the last one on the bus: it starts CL (or CWL) after the command.
    /// A rank held for refresh gets no command from the queue; the refresh manager wakes the channel
    /// when it is back.
    /// </summary>
    private void UpdateGates(long cycle)
    {
        for (int r = 0; r < _ranks.Length; r++)
        {
            var gates = _gates.AsSpan(r * RequestQueue.GroupsPerRank, RequestQueue.GroupsPerRank);
            if (_refresh.IsBlocking(r, cycle))
            {
                gates.Fill(long.MaxValue);
                continue;
            }
            var rank = _ranks[r];
            gates[(int)DramCommand.Activate] = rank.RankEarliest(DramCommand.Activate);
            gates[(int)DramCommand.Precharge] = 0;
            gates[(int)DramCommand.Read] = Math.Max(rank.RankEarliest(DramCommand.Read), _busFreeAt - _t.CL);
            gates[(int)DramCommand.Write] = Math.Max(rank.RankEarliest(DramCommand.Write), _busFreeAt - _t.CWL);
        }
    }

    private long Decide(long cycle)
    {
        long wake = long.MaxValue;
        if (_refresh.Next(cycle, _ranks, out var refreshCommand, out int refreshRank, out int refreshBank, ref wake))
        {
            if (refreshCommand == DramCommand.Precharge)
            {
                _ranks[refreshRank].Precharge(cycle, refreshBank);
                BankChanged(refreshRank, refreshBank);
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

        if (_queue.Count == 0) return wake;
        UpdateGates(cycle);
        int position = _scheduler.Pick(_queue, _ranks, _gates, cycle, ref wake);
        if (position < 0) return wake;
        Issue(position, cycle);
        return Issued(cycle);
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
                BankChanged(request.Rank, request.Bank);
                Stats.Activates++;
                if (request.Outcome == DramRequest.RowHit) request.Outcome = DramRequest.RowMiss;
                Observer?.OnCommand(command, _index, request.Rank, request.Bank, request.Row, cycle);
                return;
            case DramCommand.Precharge:
                rank.Precharge(cycle, request.Bank);
                BankChanged(request.Rank, request.Bank);
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
            BankChanged(request.Rank, request.Bank);
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
        int bankKey = request.BankKey;
        _queue.RemoveAt(position);
        // The bank's last pending hit is served: a precharge held back for it may go now, sooner
        // than its bound (which counted the hold) says.
        if (_queue.PendingHits(bankKey) == 0) ForgetBounds(bankKey);
        _sink.OnComplete(tag, isWrite, arrival, done);
    }
}
