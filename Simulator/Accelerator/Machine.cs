using Sim.Config;
using Sim.Dma;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Memory.Dram;
using Sim.Timeline;

namespace Sim.Accelerator;

/// <summary>
/// One accelerator built from a hardware configuration: the event engine, device memory (a DRAM keeps its
/// open rows, queues and refresh state for as long as the machine lives), the DMA engine in front of it,
/// the host link, the core clock and the controller that runs programs on them. A network offloaded as one
/// program runs on one machine from its first command to its last; a layer offloaded alone gets its own.
/// </summary>
internal sealed class Machine
{
    public EventEngine Engine { get; } = new();
    public IMemory Memory { get; }
    public HostLinkModel Link { get; }
    public ClockDomain Core { get; }
    public Controller Controller { get; }

    public Machine(HardwareConfig hw, TimelineRecorder? timeline = null)
    {
        Memory = DeviceMemory.Create(Engine, hw.Memory);
        Link = new HostLinkModel(Engine, hw.HostLink);
        Core = ClockDomain.FromMhz("core", hw.PeArray.ClockMhz);
        Controller = new Controller(Engine, new DmaEngine(Memory, hw.Dma), Link, Core, timeline);
    }

    /// <summary>
    /// Brings the DRAM's idle channels up to now (their due refreshes issued and counted); a run ends with this,
    /// once nothing is in flight.
    /// </summary>
    public void Settle() => (Memory as DramMemory)?.CatchUp(Engine.Now);

    /// <summary>The DRAM's counters over all channels so far, or null when device memory is the simple pipe.</summary>
    public DramStats? DramStats => (Memory as DramMemory)?.TotalStats();
}
