using Sim.Engine;
using Sim.Memory.Dram;

namespace Sim.Memory;

/// <summary>
/// The DRAM model behind the accelerator's memory interface. A transfer becomes the bursts that
/// cover its bytes, each sent by the address mapping to its channel; the requester's event fires
/// when the last burst's data has crossed the bus. Bursts wait in a per-channel FIFO while their
/// channel's queue is full. Each channel runs on the DRAM clock and gets one engine event per
/// decision while it has requests, none while it is idle (refreshes missed while idle are caught
/// up when the next request arrives). Transfers and bursts live in arrays that only grow, so a
/// steady stream of transfers allocates nothing.
/// </summary>
internal sealed class DramMemory : IMemory, IEventTarget, IDramCompletionSink
{
    private struct PendingBurst
    {
        public DramAddress Address;
        public int Transfer;
        public bool IsWrite;
    }

    private readonly EventEngine _engine;
    private readonly AddressMapper _mapper;
    private readonly DramChannel[] _channels;
    private readonly long[] _wakeAt;            // per channel: the earliest engine event pending, in cycles
    private readonly PendingBurst[][] _pending; // per channel: a ring of bursts waiting for a queue slot
    private readonly int[] _pendingHead, _pendingCount;

    // Open transfers, by slot: who to tell, and how many bursts are still to go.
    private IEventTarget?[] _requester = new IEventTarget?[64];
    private int[] _kind = new int[64];
    private long[] _argument = new long[64];
    private int[] _remaining = new int[64];
    private long[] _lastCompletion = new long[64];
    private int[] _freeSlots = Enumerable.Range(0, 64).Reverse().ToArray();
    private int _freeCount = 64;

    public ClockDomain Clock { get; }
    public DramConfig Config { get; }
    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }

    public DramMemory(EventEngine engine, DramConfig config)
    {
        _engine = engine;
        Config = config;
        Clock = ClockDomain.FromMhz("dram", config.ClockMhz);
        _mapper = new AddressMapper(config);
        _channels = new DramChannel[config.Channels];
        _wakeAt = new long[config.Channels];
        _pending = new PendingBurst[config.Channels][];
        _pendingHead = new int[config.Channels];
        _pendingCount = new int[config.Channels];
        for (int c = 0; c < _channels.Length; c++)
        {
            _channels[c] = new DramChannel(c, config, this);
            _wakeAt[c] = long.MaxValue;
            _pending[c] = new PendingBurst[64];
        }
    }

    public DramChannel Channel(int index) => _channels[index];

    /// <summary>
    /// Brings every channel up to <paramref name="timeFs"/>, idle ones too: the refreshes that fell due while no
    /// request came are issued and counted, as a real controller issues them whether or not it has traffic.
    /// Call it once no transfer is in flight (at the end of a run), so it changes no transfer's timing.
    /// </summary>
    public void CatchUp(long timeFs)
    {
        long cycle = Clock.CycleAt(timeFs);
        foreach (var channel in _channels) channel.AdvanceTo(cycle);
    }

    /// <summary>The counters of all channels together.</summary>
    public DramStats TotalStats()
    {
        var total = new DramStats();
        foreach (var channel in _channels) total.Add(channel.Stats);
        return total;
    }

    public void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument)
    {
        if (address < 0) throw new ArgumentOutOfRangeException(nameof(address), "a memory address must not be negative");
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), "a transfer moves at least one byte");
        if (isWrite) BytesWritten += bytes; else BytesRead += bytes;

        int burst = _mapper.BytesPerBurst;
        long first = address / burst, last = (address + bytes - 1) / burst;
        int slot = OpenTransfer(requester, kind, argument, checked((int)(last - first + 1)));
        for (long b = first; b <= last; b++)
        {
            var at = _mapper.Map(b * burst);
            Push(at.Channel, new PendingBurst { Address = at, Transfer = slot, IsWrite = isWrite });
        }
        long cycle = Clock.CycleAt(Clock.EdgeAtOrAfter(_engine.Now));
        for (int c = 0; c < _channels.Length; c++)
            if (_pendingCount[c] > 0) Feed(c, cycle);
    }

    /// <summary>A channel's decision is due: kind is the channel, argument the cycle.</summary>
    public void OnEvent(int kind, long argument)
    {
        if (_wakeAt[kind] == argument) _wakeAt[kind] = long.MaxValue;
        _channels[kind].AdvanceTo(argument + 1);
        // A slot freed in this cycle takes a waiting burst from the next.
        Feed(kind, argument + 1);
    }

    void IDramCompletionSink.OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle)
    {
        if (completionCycle > _lastCompletion[tag]) _lastCompletion[tag] = completionCycle;
        if (--_remaining[tag] > 0) return;
        _engine.ScheduleAt(Clock.TimeOf(_lastCompletion[tag]), _requester[tag]!, _kind[tag], _argument[tag]);
        _requester[tag] = null;
        _freeSlots[_freeCount++] = tag;
    }

    /// <summary>Moves waiting bursts into the channel's queue while it has room, and keeps it woken.</summary>
    private void Feed(int c, long cycle)
    {
        var channel = _channels[c];
        var ring = _pending[c];
        while (_pendingCount[c] > 0 && channel.CanAccept(ring[_pendingHead[c]].IsWrite))
        {
            ref var burst = ref ring[_pendingHead[c]];
            channel.Enqueue(burst.Transfer, burst.IsWrite, in burst.Address, cycle);
            _pendingHead[c] = (_pendingHead[c] + 1) & (ring.Length - 1);
            _pendingCount[c]--;
        }
        if (channel.Queued > 0 && channel.NextDecision < _wakeAt[c])
        {
            _wakeAt[c] = channel.NextDecision;
            _engine.ScheduleAt(Math.Max(_engine.Now, Clock.TimeOf(channel.NextDecision)), this, c, channel.NextDecision);
        }
    }

    private void Push(int c, in PendingBurst burst)
    {
        var ring = _pending[c];
        if (_pendingCount[c] == ring.Length)
        {
            // Grow to twice the size, unrolling the ring so that it starts at 0.
            var bigger = new PendingBurst[ring.Length * 2];
            for (int i = 0; i < ring.Length; i++) bigger[i] = ring[(_pendingHead[c] + i) & (ring.Length - 1)];
            _pending[c] = ring = bigger;
            _pendingHead[c] = 0;
        }
        ring[(_pendingHead[c] + _pendingCount[c]) & (ring.Length - 1)] = burst;
        _pendingCount[c]++;
    }

    private int OpenTransfer(IEventTarget requester, int kind, long argument, int bursts)
    {
        if (_freeCount == 0) GrowTransfers();
        int slot = _freeSlots[--_freeCount];
        _requester[slot] = requester;
        _kind[slot] = kind;
        _argument[slot] = argument;
        _remaining[slot] = bursts;
        _lastCompletion[slot] = 0;
        return slot;
    }

    private void GrowTransfers()
    {
        int old = _requester.Length, size = old * 2;
        Array.Resize(ref _requester, size);
        Array.Resize(ref _kind, size);
        Array.Resize(ref _argument, size);
        Array.Resize(ref _remaining, size);
        Array.Resize(ref _lastCompletion, size);
        Array.Resize(ref _freeSlots, size);
        for (int s = size - 1; s >= old; s--) _freeSlots[_freeCount++] = s;
    }
}
