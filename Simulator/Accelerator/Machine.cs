using Sim.Config;
using Sim.Dma;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Memory.Dram;
using Sim.Noc;
using Sim.Timeline;

namespace Sim.Accelerator;

/// <summary>
/// One accelerator built from a hardware configuration: the event engine, device memory (a DRAM keeps its
/// open rows, queues and refresh state for as long as the machine lives), the host link, the core clock and
/// each core's controller and DMA engine. One core's DMA engine talks to device memory directly; several cores
/// reach it through the network-on-chip (<see cref="Noc"/>) and are joined layer by layer by a <see cref="LayerBarrier"/>.
/// A network offloaded as one program runs on one machine from its first command to its last; a layer offloaded
/// alone gets its own.
/// </summary>
internal sealed class Machine
{
    private readonly LayerBarrier? _barrier;

    public EventEngine Engine { get; } = new();
    public IMemory Memory { get; }
    public HostLinkModel Link { get; }
    public ClockDomain Core { get; }

    /// <summary>Each core's controller; core 0's carries the host link's transfers and times the program's layers.</summary>
    public IReadOnlyList<Controller> Controllers { get; }

    /// <summary>Core 0's controller.</summary>
    public Controller Controller => Controllers[0];

    /// <summary>The network between the cores and memory, or null for a single core.</summary>
    public Network? Noc { get; }

    public Machine(HardwareConfig hw, TimelineRecorder? timeline = null)
    {
        Memory = DeviceMemory.Create(Engine, hw.Memory);
        Link = new HostLinkModel(Engine, hw.HostLink);
        Core = ClockDomain.FromMhz("core", hw.PeArray.ClockMhz);
        if (hw.Cores == 1)
        {
            Controllers = [new Controller(Engine, new DmaEngine(Memory, hw.Dma), Link, Core, timeline)];
            return;
        }
        Noc = new Network(Engine, Memory, Core, hw.Noc, INocTopology.Of(hw.Noc, hw.Cores), timeline);
        _barrier = new LayerBarrier();
        Controllers = Enumerable.Range(0, hw.Cores)
            .Select(c => new Controller(Engine, new DmaEngine(new CorePort(Noc, Memory, c), hw.Dma), Link, Core, timeline, _barrier, $"core {c}: "))
            .ToArray();
    }

    /// <summary>
    /// Runs the program to completion on every core: each core its slice of each layer (<see cref="LayerCommands.CoreStepCounts"/>),
    /// core 0 the host link's transfers. A layer is timed on its busiest core (most compute cycles; the lowest-numbered
    /// on a tie), whose span runs until the layer's barrier lets it go on; the program's cycles are the last core's.
    /// </summary>
    public ProgramTiming Run(IReadOnlyList<LayerCommands> program)
    {
        if (_barrier is null) return Controller.Run(program);
        var slices = Enumerable.Range(0, Controllers.Count).Select(c => program.Select(l => l.Slice(c)).ToArray()).ToArray();
        _barrier.Reset(slices[0]);
        for (int c = 0; c < Controllers.Count; c++)
        {
            Controllers[c].MaxCycles = Controller.MaxCycles;
            Controllers[c].Start(slices[c]);
        }
        Engine.RunUpTo(Controller.Deadline);
        var timings = Controllers.Select(c => c.Finish()).ToArray();
        var layers = program.Select((_, l) => timings.MaxBy(t => t.Layers[l].ComputeCycles)!.Layers[l]).ToArray();
        return new ProgramTiming(layers, timings.Max(t => t.Cycles));
    }

    /// <summary>Layer <paramref name="layer"/> of the last program: the cycles each core computed, and stood on bank conflicts in that.</summary>
    public CoreCycles CoreCycles(int layer) =>
        new(Controllers.Select(c => c.ComputeCycles[layer]).ToArray(), Controllers.Select(c => c.ConflictCycles[layer]).ToArray());

    /// <summary>Payload bytes x links they crossed on the network so far (0 for a single core).</summary>
    public long NocByteHops => Noc?.ByteHops ?? 0;

    /// <summary>
    /// Brings the DRAM's idle channels up to now (their due refreshes issued and counted); a run ends with this,
    /// once nothing is in flight.
    /// </summary>
    public void Settle() => (Memory as DramMemory)?.CatchUp(Engine.Now);

    /// <summary>The DRAM's counters over all channels so far, or null when device memory is the simple pipe.</summary>
    public DramStats? DramStats => (Memory as DramMemory)?.TotalStats();
}
