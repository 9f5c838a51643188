using Sim.Engine;
using Sim.Memory;

namespace Sim.Dma;

/// <summary>
/// A DMA engine between device memory and the scratchpads. It takes whole transfers in order and
/// cuts each into bursts of BurstBytes, keeping at most MaxOutstanding bursts in flight; a transfer
/// is done when its last burst has returned. Too few outstanding bursts cannot hide the memory's
/// latency, so the engine, not only the memory, can bound the bandwidth a layer sees.
/// </summary>
internal sealed class DmaEngine : IMemory, IEventTarget
{
    private struct Job
    {
        public long Address, Bytes, Issued;
        public bool IsWrite;
        public int BurstsLeft;
        public IEventTarget Requester;
        public int Kind;
        public long Argument;
    }

    private readonly IMemory _memory;
    private readonly int _burstBytes;
    private readonly int _maxOutstanding;
    private readonly Queue<int> _waiting = new();
    private Job[] _jobs = new Job[64];
    private readonly Stack<int> _free = new();
    private int _used, _outstanding;

    public DmaEngine(IMemory memory, DmaConfig config)
    {
        _memory = memory;
        _burstBytes = config.BurstBytes;
        _maxOutstanding = config.MaxOutstanding;
    }

    public long BytesRead => _memory.BytesRead;
    public long BytesWritten => _memory.BytesWritten;

    /// <summary>Bursts issued so far: what the DMA's own energy and the memory's request count follow.</summary>
    public long Bursts { get; private set; }

    public void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        int slot = _free.Count > 0 ? _free.Pop() : _used++;
        if (slot == _jobs.Length) Array.Resize(ref _jobs, _jobs.Length * 2);
        _jobs[slot] = new Job
        {
            Address = address, Bytes = bytes, IsWrite = isWrite,
            BurstsLeft = (int)((bytes + _burstBytes - 1) / _burstBytes),
            Requester = requester, Kind = kind, Argument = argument,
        };
        _waiting.Enqueue(slot);
        IssueBursts();
    }

    /// <summary>A burst came back: its transfer is one burst nearer done, and a slot is free for another.</summary>
    public void OnEvent(int kind, long argument)
    {
        _outstanding--;
        ref var t = ref _jobs[argument];
        if (--t.BurstsLeft == 0)
        {
            var (requester, doneKind, doneArgument) = (t.Requester, t.Kind, t.Argument);
            t = default;
            _free.Push((int)argument);
            requester.OnEvent(doneKind, doneArgument);
        }
        IssueBursts();
    }

    private void IssueBursts()
    {
        while (_outstanding < _maxOutstanding && _waiting.Count > 0)
        {
            int slot = _waiting.Peek();
            ref var t = ref _jobs[slot];
            long offset = t.Issued;
            long bytes = Math.Min(_burstBytes, t.Bytes - offset);
            t.Issued += bytes;
            if (t.Issued == t.Bytes) _waiting.Dequeue();
            _outstanding++;
            Bursts++;
            _memory.Transfer(t.Address + offset, bytes, t.IsWrite, this, 0, slot);
        }
    }
}
