using Sim.Accelerator;

namespace Sim.Run;

/// <summary>
/// What limits a layer: the resource it keeps busiest. Compute is the PE array's busy cycles; DRAM the
/// cycles its bytes need at the memory's peak bandwidth (so a layer is DRAM-bound when its data could
/// not have arrived faster even with perfect overlap, as on a roofline left of the ridge); the host
/// link its stall cycles, which nothing overlaps.
/// </summary>
internal static class LayerBound
{
    public static string Of(LayerTiming timing, long dramBytes, double memoryPeakGBps, double clockMhz)
    {
        double dramBusy = dramBytes / (memoryPeakGBps * 1e3 / clockMhz);
        if (timing.LinkStallCycles > Math.Max(timing.ComputeCycles, dramBusy)) return "host link";
        return dramBusy > timing.ComputeCycles ? "DRAM" : "compute";
    }
}
