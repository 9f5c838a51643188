namespace Sim.Memory.Dram;

/// <summary>
/// A controller's request queue: a fixed number of slots, kept in arrival order. The requests
/// stay in their slots (a preallocated struct array); only the small array of slot numbers in age
/// order shifts when one leaves from the middle, so nothing is allocated after construction.
/// <para>
/// Two indexes serve the scheduler. Each bank's requests are chained in age order (a doubly linked
/// list through the slots), so that when a bank opens or closes a row only its own requests are
/// looked at. And the requests are grouped by rank and next command (<see cref="DramRequest.Command"/>)
/// into <see cref="PositionSets"/>, so that the scheduler can pass over a whole group whose
/// rank-wide constraint (tFAW, tCCD, the data bus, refresh) changes.
/// </para>
/// <para>
/// Two more sets, the writes and the requests whose activate opened their row, tell the scheduler which
/// requests it may serve (<see cref="Serving"/>, <see cref="Eligible"/>).
/// </para>
/// <para>
/// And the bank-and-group part of each request's earliest issue cycle, kept exact by
/// <see cref="EarliestCycles"/>, is stored by age in <see cref="LocalAt"/>, a plain array of numbers,
/// so that the scheduler finds the requests whose part has come, oldest first, with a few vector compares.
/// </para>
/// </summary>
internal sealed class RequestQueue
{
    private const int None = -1;

    private readonly DramRequest[] _slots;
    private readonly int[] _byAge;
    private readonly int[] _ageOfSlot;
    private readonly int[] _free;
    private int _freeCount;
    private readonly int[] _bankHead, _bankTail;       // per bank key: its oldest and newest slot
    private readonly int[] _nextInBank, _prevInBank;   // per slot: the neighbours in its bank's list
    private readonly int[] _bankHits;                  // per bank key x 2 (read, write): its requests that need a column command
    private readonly int[] _opener;                    // per bank key: the slot whose activate opened the row, until served
    private readonly long[] _localAt;                  // per position: DramRequest.LocalEarliest; long.MaxValue past the end

    public int Count { get; private set; }
    public int WriteCount { get; private set; }

    /// <summary>The positions of the requests of each rank and command, set rank x <see cref="GroupsPerRank"/> + command.</summary>
    public PositionSets Groups { get; }

    /// <summary>Groups per rank: one for each command a request can need (activate, precharge, read, write).</summary>
    public const int GroupsPerRank = 4;

    private const int WritesSet = 0, OpenersSet = 1;
    private readonly PositionSets _kinds; // the writes, and the requests whose activate opened their row

    /// <summary>
    /// The requests the scheduler may serve, as the controller's <see cref="IQueuePolicy"/> last said: their hits
    /// (<see cref="PendingHits"/>) are what holds a row open.
    /// </summary>
    public Serving Serving { get; set; }

    public static int Group(int rank, DramCommand command) => rank * GroupsPerRank + (int)command;

    public RequestQueue(int capacity, int ranks, int banksPerRank)
    {
        _slots = new DramRequest[capacity];
        _byAge = new int[capacity];
        _ageOfSlot = new int[capacity];
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++) _free[i] = capacity - 1 - i;
        _freeCount = capacity;
        _bankHead = new int[ranks * banksPerRank];
        _bankTail = new int[ranks * banksPerRank];
        Array.Fill(_bankHead, None);
        Array.Fill(_bankTail, None);
        _nextInBank = new int[capacity];
        _prevInBank = new int[capacity];
        _bankHits = new int[ranks * banksPerRank * 2];
        _opener = new int[ranks * banksPerRank];
        Array.Fill(_opener, None);
        Groups = new PositionSets(ranks * GroupsPerRank, capacity);
        _kinds = new PositionSets(2, capacity);
        // Whole 64-bit words of positions, so that vector loads past the last request stay in the
        // array and read long.MaxValue, which is never ready.
        _localAt = new long[Groups.Words * 64];
        Array.Fill(_localAt, long.MaxValue);
    }

    /// <summary>
    /// Each request's <see cref="DramRequest.LocalEarliest"/> by position (age), then long.MaxValue up
    /// to a whole number of 64-position words. Written by <see cref="EarliestCycles"/>, read by
    /// <see cref="FrFcfsScheduler"/>.
    /// </summary>
    public long[] LocalAt => _localAt;

    /// <summary>The position (age rank) of the request in <paramref name="slot"/>.</summary>
    public int PositionOf(int slot) => _ageOfSlot[slot];

    /// <summary>Word <paramref name="word"/> of the positions of the requests that need a read or a write.</summary>
    public ulong ColumnBits(int word)
    {
        ulong bits = 0;
        for (int g = 0; g < Groups.Count; g += GroupsPerRank)
            bits |= Groups.Of(g + (int)DramCommand.Read)[word] | Groups.Of(g + (int)DramCommand.Write)[word];
        return bits;
    }

    /// <summary>
    /// Word <paramref name="word"/> of the positions the scheduler may serve: all, or the reads or the writes
    /// (<see cref="Serving"/>), and the requests whose activate opened their row either way.
    /// </summary>
    public ulong Eligible(int word) => Serving switch
    {
        Serving.All => ~0UL,
        Serving.Reads => ~_kinds.Of(WritesSet)[word] | _kinds.Of(OpenersSet)[word],
        _ => _kinds.Of(WritesSet)[word] | _kinds.Of(OpenersSet)[word],
    };

    /// <summary>The slot of the request of age rank <paramref name="position"/>.</summary>
    public int SlotAt(int position) => _byAge[position];

    /// <summary>The request of age rank <paramref name="position"/> (0 the oldest).</summary>
    public ref DramRequest At(int position) => ref _slots[_byAge[position]];

    /// <summary>The request in <paramref name="slot"/>, as numbered by <see cref="FirstInBank"/> and <see cref="NextInBank"/>.</summary>
    public ref DramRequest InSlot(int slot) => ref _slots[slot];

    /// <summary>The slot of the oldest request to <paramref name="bankKey"/>, or -1 when it has none.</summary>
    public int FirstInBank(int bankKey) => _bankHead[bankKey];

    /// <summary>The slot of the next younger request to the same bank, or -1.</summary>
    public int NextInBank(int slot) => _nextInBank[slot];

    /// <summary>
    /// The requests to <paramref name="bankKey"/> that are row hits waiting for their read or write, of the
    /// kinds being served: while there are any, FR-FCFS keeps the row open (<see cref="FrFcfsScheduler"/>).
    /// </summary>
    public int PendingHits(int bankKey) => Serving switch
    {
        Serving.All => _bankHits[2 * bankKey] + _bankHits[2 * bankKey + 1],
        Serving.Reads => _bankHits[2 * bankKey],
        _ => _bankHits[2 * bankKey + 1],
    };

    /// <summary>
    /// True while the request whose activate opened <paramref name="bankKey"/>'s row has not had its read
    /// or write: the row is not closed under it (<see cref="FrFcfsScheduler"/>).
    /// </summary>
    public bool OpenerWaiting(int bankKey) => _opener[bankKey] != None;

    /// <summary>The request at <paramref name="position"/> has just opened its bank's row.</summary>
    public void SetOpener(int position)
    {
        _opener[At(position).BankKey] = _byAge[position];
        _kinds.Add(OpenersSet, position);
    }

    /// <summary>The bank's row closed (a precharge, a refresh's, or a column command's own auto-precharge).</summary>
    public void ClearOpener(int bankKey)
    {
        if (_opener[bankKey] == None) return;
        _kinds.Remove(OpenersSet, _ageOfSlot[_opener[bankKey]]);
        _opener[bankKey] = None;
    }

    private static int IsColumn(DramCommand command) => command is DramCommand.Read or DramCommand.Write ? 1 : 0;

    /// <summary>Where <paramref name="request"/>'s bank counts its pending hits of the request's kind.</summary>
    private static int HitsIndex(in DramRequest request) => 2 * request.BankKey + (request.IsWrite ? 1 : 0);

    /// <summary>
    /// Adds a request whose <see cref="DramRequest.Command"/> is set and returns its slot. Its
    /// local part is long.MaxValue until <see cref="EarliestCycles"/> works it out.
    /// </summary>
    public int Add(in DramRequest request)
    {
        if (Count == _slots.Length) throw new InvalidOperationException("the request queue is full");
        int slot = _free[--_freeCount];
        _slots[slot] = request;
        int position = Count++;
        _byAge[position] = slot;
        _ageOfSlot[slot] = position;
        _localAt[position] = long.MaxValue;
        Groups.Add(Group(request.Rank, request.Command), position);
        _bankHits[HitsIndex(in request)] += IsColumn(request.Command);
        if (request.IsWrite)
        {
            _kinds.Add(WritesSet, position);
            WriteCount++;
        }

        int bank = request.BankKey, tail = _bankTail[bank];
        _prevInBank[slot] = tail;
        _nextInBank[slot] = None;
        if (tail == None) _bankHead[bank] = slot; else _nextInBank[tail] = slot;
        _bankTail[bank] = slot;
        return slot;
    }

    /// <summary>Moves the request in <paramref name="slot"/> to the group of <paramref name="command"/>.</summary>
    public void SetCommand(int slot, DramCommand command)
    {
        ref var request = ref _slots[slot];
        if (request.Command == command) return;
        int position = _ageOfSlot[slot];
        Groups.Remove(Group(request.Rank, request.Command), position);
        Groups.Add(Group(request.Rank, command), position);
        _bankHits[HitsIndex(in request)] += IsColumn(command) - IsColumn(request.Command);
        request.Command = command;
    }

    public void RemoveAt(int position)
    {
        int slot = _byAge[position];
        ref var request = ref _slots[slot];
        Groups.Remove(Group(request.Rank, request.Command), position);
        Groups.CloseGap(position);
        _kinds.CloseGap(position);
        _bankHits[HitsIndex(in request)] -= IsColumn(request.Command);
        if (request.IsWrite) WriteCount--;
        _free[_freeCount++] = slot;
        Count--;
        Array.Copy(_byAge, position + 1, _byAge, position, Count - position);
        for (int p = position; p < Count; p++) _ageOfSlot[_byAge[p]] = p;
        Array.Copy(_localAt, position + 1, _localAt, position, Count - position);
        _localAt[Count] = long.MaxValue;

        int bank = request.BankKey, prev = _prevInBank[slot], next = _nextInBank[slot];
        if (_opener[bank] == slot) _opener[bank] = None;
        if (prev == None) _bankHead[bank] = next; else _nextInBank[prev] = next;
        if (next == None) _bankTail[bank] = prev; else _prevInBank[next] = prev;
    }
}
