using Sim.Engine;
using Sim.Memory;
using Sim.Timeline;

namespace Sim.Noc;

/// <summary>
/// The packet network between the cores and device memory, on the event engine. A DMA burst of a core is one packet:
/// a read goes to memory as a request (header only) and comes back as a packet carrying its bytes; a write goes as a
/// packet carrying its bytes and comes back as an acknowledgement. At each link a packet waits its turn (first come,
/// first served), for the link to be free and for a credit; it then holds the link for its serialisation cycles and
/// reaches the next router <see cref="NocConfig.HopCycles"/> after it has crossed (store and forward: a packet is one
/// unit, no flits). Its credit comes back when it leaves the downstream buffer: onto its next link, into memory, or
/// into its core. Packets live in slots of one growing array, events carry slot numbers: nothing is allocated per packet.
/// </summary>
internal sealed class Network : IEventTarget
{
    private const int Arrived = 0, LinkFree = 1, MemoryDone = 2;

    private struct Packet
    {
        public int[] Route;
        public int Hop, Core;
        public long Address, Bytes, Payload;
        public bool IsWrite;
        public IEventTarget Requester;
        public int Kind;
        public long Argument;
    }

    private readonly EventEngine _engine;
    private readonly IMemory _memory;
    private readonly ClockDomain _clock;
    private readonly NocConfig _config;
    private readonly INocTopology _topology;
    private readonly NocLink[] _links;
    private Packet[] _packets = new Packet[256];
    private readonly Stack<int> _free = new();
    private int _used;
    private readonly TimelineRecorder? _timeline;
    private readonly int[] _tracks = [];

    public Network(EventEngine engine, IMemory memory, ClockDomain clock, NocConfig config, INocTopology topology, TimelineRecorder? timeline)
    {
        _engine = engine;
        _memory = memory;
        _clock = clock;
        _config = config;
        _topology = topology;
        _links = Enumerable.Range(0, topology.Links).Select(_ => new NocLink(config.Credits)).ToArray();
        _timeline = timeline;
        if (timeline != null) _tracks = Enumerable.Range(0, topology.Links).Select(l => timeline.Track($"noc {topology.LinkName(l)}")).ToArray();
    }

    /// <summary>Payload bytes times the links they crossed, so far: what the routers' energy follows.</summary>
    public long ByteHops { get; private set; }

    /// <summary>Sends a core's DMA burst to memory; <paramref name="requester"/> hears of it when its reply reaches the core.</summary>
    public void Send(int core, long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument)
    {
        int slot = _free.Count > 0 ? _free.Pop() : _used++;
        if (slot == _packets.Length) Array.Resize(ref _packets, _packets.Length * 2);
        _packets[slot] = new Packet
        {
            Route = _topology.ToMemory(core), Core = core, Address = address, Bytes = bytes, Payload = isWrite ? bytes : 0,
            IsWrite = isWrite, Requester = requester, Kind = kind, Argument = argument,
        };
        Enter(slot);
    }

    public void OnEvent(int kind, long argument)
    {
        switch (kind)
        {
            case LinkFree:
                if (_links[argument].RetryAt == _engine.Now) _links[argument].RetryAt = -1;
                TryStart((int)argument);
                break;
            case Arrived:
                Arrive((int)argument);
                break;
            case MemoryDone:
            {
                // The reply: the read's bytes, or a write's acknowledgement, back to the core.
                ref var p = ref _packets[argument];
                p.Route = _topology.FromMemory(p.Core);
                p.Hop = 0;
                p.Payload = p.IsWrite ? 0 : p.Bytes;
                Enter((int)argument);
                break;
            }
        }
    }

    /// <summary>Draws the last busy stretch of every link (call once nothing is in flight).</summary>
    public void Flush()
    {
        if (_timeline == null) return;
        for (int l = 0; l < _links.Length; l++) Draw(l, -1, -1);
    }

    private void Enter(int slot)
    {
        int link = _packets[slot].Route[_packets[slot].Hop];
        _links[link].Waiting.Enqueue(slot);
        TryStart(link);
    }

    /// <summary>Starts the link's first waiting packet if the link is free, on a clock edge, and holds a credit.</summary>
    private void TryStart(int l)
    {
        var link = _links[l];
        if (link.Waiting.Count == 0 || link.Credits == 0) return;
        long start = Math.Max(_clock.EdgeAtOrAfter(_engine.Now), link.FreeAt);
        if (start > _engine.Now)
        {
            RetryAt(l, start);
            return;
        }
        int slot = link.Waiting.Dequeue();
        ref var p = ref _packets[slot];
        link.Credits--;
        long crossing = _config.SerialisationCycles(p.Payload) * _clock.PeriodFs;
        link.FreeAt = start + crossing;
        ByteHops += p.Payload;
        if (_timeline != null) Draw(l, start, link.FreeAt);
        _engine.ScheduleAt(link.FreeAt + _config.HopCycles * _clock.PeriodFs, this, Arrived, slot);
        if (link.Waiting.Count > 0) RetryAt(l, link.FreeAt);
        // It has left the buffer the link before fed: that link may send another.
        if (p.Hop > 0) ReturnCredit(p.Route[p.Hop - 1]);
    }

    /// <summary>Has the link try again at <paramref name="time"/>, unless a try is already due by then (one is enough).</summary>
    private void RetryAt(int l, long time)
    {
        var link = _links[l];
        if (link.RetryAt >= 0 && link.RetryAt <= time) return;
        link.RetryAt = time;
        _engine.ScheduleAt(time, this, LinkFree, l);
    }

    private void Arrive(int slot)
    {
        ref var p = ref _packets[slot];
        if (++p.Hop < p.Route.Length)
        {
            Enter(slot);
            return;
        }
        ReturnCredit(p.Route[p.Hop - 1]);
        if (p.Route == _topology.ToMemory(p.Core))
        {
            _memory.Transfer(p.Address, p.Bytes, p.IsWrite, this, MemoryDone, slot);
            return;
        }
        var (requester, kind, argument) = (p.Requester, p.Kind, p.Argument);
        p = default;
        _free.Push(slot);
        requester.OnEvent(kind, argument);
    }

    private void ReturnCredit(int l)
    {
        _links[l].Credits++;
        TryStart(l);
    }

    /// <summary>Extends the link's drawn busy stretch, or draws it and starts another when the link was idle between.</summary>
    private void Draw(int l, long from, long to)
    {
        var link = _links[l];
        if (from >= 0 && from <= link.DrawnTo)
        {
            link.DrawnTo = to;
            return;
        }
        if (link.DrawnTo > link.DrawnFrom) _timeline!.Add(_tracks[l], "packets", link.DrawnFrom, link.DrawnTo, -1);
        link.DrawnFrom = from;
        link.DrawnTo = to;
    }
}
