using System.Diagnostics;

namespace Sim.Memory.Dram;

/// <summary>
/// Keeps the two parts of every queued request's earliest issue cycle exact, so that a decision
/// compares numbers instead of walking bank, group and rank state for each request. The earliest
/// cycle is the later of:
/// <list type="bullet">
/// <item>the gate (<see cref="Gates"/>): the rank-wide part, the same for every request of the rank
/// that needs the same command (tCCD_S, tRRD_S, tFAW, tWTR_S, read-to-write turnaround, tRFC, and
/// the data bus, which a column command's burst, CL or CWL after it, may not overlap, nor follow
/// another rank's burst by less than tRTRS); long.MaxValue while a refresh holds the rank; nothing
/// for a precharge;</item>
/// <item>the local part (<see cref="DramRequest.LocalEarliest"/>, and by age in
/// <see cref="RequestQueue.LocalAt"/>): its bank's and bank group's, and for a precharge the row hold:
/// none while the request that opened the row waits, and while other hits wait, up to
/// <see cref="FrFcfsScheduler.RowHitHoldCap"/>.</item>
/// </list>
/// The gates are kept apart from the requests because every read or write moves them (the data bus
/// is shared by all ranks) and most requests wait on them: the scheduler tests a group's gate once.
/// A local part moves only with its bank group's timing, its bank's open row or its bank's pending
/// hits (the row's opener among them), so the channel says which bank group or bank a command touched and only its few requests
/// are worked out again.
/// </summary>
internal sealed class EarliestCycles
{
    private readonly RequestQueue _queue;
    private readonly Rank[] _ranks;
    private readonly DramTimings _t;
    private readonly int _banksPerGroup, _banksPerRank;
    private readonly long _holdCap;
    private readonly long[] _gates; // per RequestQueue.Group (rank x command)
    private readonly bool[] _held;  // per rank: a refresh is due and the rank takes no request's command
    private long _busFreeAt;        // the cycle after the last burst on the data bus
    private int _busRank = -1;      // the rank that burst was to or from

    public EarliestCycles(RequestQueue queue, Rank[] ranks, DramConfig config, long holdCap)
    {
        _queue = queue;
        _ranks = ranks;
        _t = config.Timings;
        _banksPerGroup = config.Organization.BanksPerGroup;
        _banksPerRank = config.Organization.BanksPerRank;
        _holdCap = holdCap;
        _gates = new long[ranks.Length * RequestQueue.GroupsPerRank];
        _held = new bool[ranks.Length];
        for (int r = 0; r < ranks.Length; r++) UpdateGates(r);
    }

    /// <summary>The rank-wide part of the earliest cycle of each <see cref="RequestQueue.Group"/>.</summary>
    public long[] Gates => _gates;

    /// <summary>The command <paramref name="request"/> needs next when its bank has <paramref name="openRow"/> open.</summary>
    public static DramCommand CommandFor(int openRow, in DramRequest request) =>
        openRow == request.Row ? request.IsWrite ? DramCommand.Write : DramCommand.Read
        : openRow == Bank.Closed ? DramCommand.Activate
        : DramCommand.Precharge;

    /// <summary>
    /// A read or write to <paramref name="rank"/> moved its rank-wide column counters and put a burst
    /// on the data bus until <paramref name="busFreeAt"/>, which every rank's column gates wait for.
    /// </summary>
    public void ColumnIssued(int rank, long busFreeAt)
    {
        _busFreeAt = busFreeAt;
        _busRank = rank;
        for (int r = 0; r < _ranks.Length; r++)
        {
            if (_held[r]) continue;
            int g = RequestQueue.Group(r, 0);
            _gates[g + (int)DramCommand.Read] = ColumnGate(r, DramCommand.Read);
            _gates[g + (int)DramCommand.Write] = ColumnGate(r, DramCommand.Write);
        }
    }

    /// <summary>
    /// The rank-wide part of a read's or write's earliest cycle on rank <paramref name="r"/>: its rank's
    /// column timing, and its burst (CL or CWL after it) no earlier than the data bus is free, tRTRS later
    /// when the last burst was another rank's.
    /// </summary>
    private long ColumnGate(int r, DramCommand command)
    {
        long busFree = r == _busRank ? _busFreeAt : _busFreeAt + _t.TRTRS;
        return Math.Max(_ranks[r].RankEarliest(command), busFree - (command == DramCommand.Read ? _t.CL : _t.CWL));
    }

    /// <summary>Starts or ends the refresh hold of <paramref name="rank"/>.</summary>
    public void Hold(int rank, bool held)
    {
        if (_held[rank] == held) return;
        _held[rank] = held;
        UpdateGates(rank);
    }

    /// <summary>Works out the rank's gates afresh, after a command moved its rank-wide counters.</summary>
    public void UpdateGates(int r)
    {
        int g = RequestQueue.Group(r, 0);
        if (_held[r])
        {
            _gates.AsSpan(g, RequestQueue.GroupsPerRank).Fill(long.MaxValue);
            return;
        }
        var rank = _ranks[r];
        _gates[g + (int)DramCommand.Activate] = rank.RankEarliest(DramCommand.Activate);
        _gates[g + (int)DramCommand.Precharge] = 0;
        _gates[g + (int)DramCommand.Read] = ColumnGate(r, DramCommand.Read);
        _gates[g + (int)DramCommand.Write] = ColumnGate(r, DramCommand.Write);
    }

    /// <summary>A command to a bank of <paramref name="group"/> moved the group's timing (and its bank's).</summary>
    public void GroupTimingMoved(int rank, int group)
    {
        int first = rank * _banksPerRank + group * _banksPerGroup;
        for (int bankKey = first; bankKey < first + _banksPerGroup; bankKey++) UpdateLocals(bankKey);
    }

    /// <summary>
    /// The bank opened or closed a row: each of its requests needs another command (and so belongs
    /// to another group). The caller then has their local parts worked out again.
    /// </summary>
    public void RowChanged(int bankKey)
    {
        int head = _queue.FirstInBank(bankKey);
        if (head < 0) return;
        ref var oldest = ref _queue.InSlot(head);
        int openRow = _ranks[oldest.Rank].Banks[oldest.Bank].OpenRow;
        for (int slot = head; slot >= 0; slot = _queue.NextInBank(slot))
            _queue.SetCommand(slot, CommandFor(openRow, in _queue.InSlot(slot)));
    }

    /// <summary>Works out the local part of the request in <paramref name="slot"/>, whose command is up to date.</summary>
    public void UpdateLocal(int slot)
    {
        ref var request = ref _queue.InSlot(slot);
        long local = Local(_ranks[request.Rank], in request);
        request.LocalEarliest = local;
        _queue.LocalAt[_queue.PositionOf(slot)] = local;
    }

    /// <summary>Works out the local part of each of the bank's requests, whose commands are up to date.</summary>
    public void UpdateLocals(int bankKey)
    {
        int slot = _queue.FirstInBank(bankKey);
        if (slot < 0) return;
        var rank = _ranks[_queue.InSlot(slot).Rank];
        var localAt = _queue.LocalAt;
        for (; slot >= 0; slot = _queue.NextInBank(slot))
        {
            ref var request = ref _queue.InSlot(slot);
            long local = Local(rank, in request);
            request.LocalEarliest = local;
            localAt[_queue.PositionOf(slot)] = local;
        }
    }

    /// <summary>Works out every request's local part: the kinds of request served, and so the hits that hold rows, changed.</summary>
    public void UpdateAllLocals()
    {
        for (int position = 0; position < _queue.Count; position++) UpdateLocal(_queue.SlotAt(position));
    }

    /// <summary>The bank's and group's part of the request's earliest cycle, and for a precharge the row hold.</summary>
    private long Local(Rank rank, in DramRequest request)
    {
        long local = rank.LocalEarliest(request.Command, request.Bank, request.BankGroup);
        return request.Command == DramCommand.Precharge ? Math.Max(local, RowHold(in request)) : local;
    }

    /// <summary>
    /// Until when a precharge for <paramref name="request"/> leaves its bank's open row alone: for good while
    /// the request that opened the row has not been served, else until the request has waited the cap while
    /// other requests hit the row (<see cref="FrFcfsScheduler"/>).
    /// </summary>
    private long RowHold(in DramRequest request) =>
        _queue.OpenerWaiting(request.BankKey) ? long.MaxValue
        : _queue.PendingHits(request.BankKey) > 0 ? request.ArrivalCycle + _holdCap
        : 0;

    /// <summary>Debug builds: every request's command and both parts are what working them out from scratch gives.</summary>
    [Conditional("DEBUG")]
    public void CheckAll()
    {
        for (int r = 0; r < _ranks.Length; r++)
        {
            var rank = _ranks[r];
            for (int command = 0; command < RequestQueue.GroupsPerRank; command++)
            {
                long gate = _held[r] ? long.MaxValue : (DramCommand)command switch
                {
                    DramCommand.Read or DramCommand.Write => ColumnGate(r, (DramCommand)command),
                    var c => rank.RankEarliest(c),
                };
                Debug.Assert(_gates[RequestQueue.Group(r, (DramCommand)command)] == gate, "a gate is stale");
            }
        }
        for (int position = 0; position < _queue.Count; position++)
        {
            ref var request = ref _queue.At(position);
            var rank = _ranks[request.Rank];
            var command = CommandFor(rank.Banks[request.Bank].OpenRow, in request);
            Debug.Assert(command == request.Command, "a queued request's command is stale");
            long local = Local(rank, in request);
            Debug.Assert(_queue.LocalAt[position] == local && request.LocalEarliest == local, "a queued request's earliest cycle is stale");
        }
    }
}
