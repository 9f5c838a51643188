using Sim.Accelerator;

namespace Sim.Run;

/// <summary>
/// What limits a layer: the resource it keeps busiest, and the DRAM figure it compares. Compute is the PE array's
/// busy cycles; DRAM the core cycles its bytes need at the memory's peak bandwidth (so a layer is DRAM-bound when
/// its data could not have arrived faster even with perfect overlap, as on a roofline left of the ridge); the host
/// link its stall cycles, which nothing overlaps.
/// </summary>
internal readonly record struct LayerBound(string Resource, long DramBusyCycles)
{
    /// <summary>
    /// DRAM-busy cycles are rounded up to whole core cycles, so that the figure layers.csv shows decides the bound
    /// exactly: a layer is DRAM-bound when they exceed its compute cycles.
    /// </summary>
    public static LayerBound Of(LayerTiming timing, long dramBytes, double memoryPeakGBps, double clockMhz)
    {
        // bytes / (GB/s x 1e3 / MHz bytes a cycle), written so that whole figures divide exactly.
        long dramBusy = (long)Math.Ceiling(dramBytes * clockMhz / (memoryPeakGBps * 1e3));
        string resource = timing.LinkStallCycles > Math.Max(timing.ComputeCycles, dramBusy) ? "host link"
            : dramBusy > timing.ComputeCycles ? "DRAM"
            : "compute";
        return new LayerBound(resource, dramBusy);
    }
}
