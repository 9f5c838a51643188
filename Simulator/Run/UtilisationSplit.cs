using Sim.Accelerator;

namespace Sim.Run;

/// <summary>
/// Where a PE-array layer's PE-cycles went, as fractions of its charged cycles x PEs (its cycles less the overlap
/// charged to its neighbours: the cycles it alone held the array), which add up to 1:
/// <list type="bullet">
/// <item>Utilisation: MACs done / (charged cycles x PEs).</item>
/// <item>Mapping loss: PE-cycles idle while the array computed, because the tiles did not fill it (edge tiles
///   narrower than the array, fill and drain of each fold): (computing cycles x PEs - MACs) / (charged cycles x PEs).</item>
/// <item>Stall loss: every other charged cycle, the array waiting with nothing to compute: on device memory, on the
///   host link, on scratchpad bank conflicts (counted in compute_cycles but not computing), or idle (clock
///   alignment between domains): (charged cycles - computing cycles) / charged cycles.</item>
/// </list>
/// Computing cycles are compute_cycles less scratchpad_conflict_cycles. On a chip of several cores the PE-cycles are
/// every core's: charged cycles x PEs x cores, and computing cycles summed over the cores.
/// </summary>
internal readonly record struct UtilisationSplit(double Utilisation, double MappingLoss, double StallLoss)
{
    /// <param name="cores">With several cores: each core's cycles in the layer; null for one core (its cycles are the timing's).</param>
    public static UtilisationSplit Of(LayerTiming timing, long macs, long peCount, CoreCycles? cores = null)
    {
        long charged = timing.Cycles - timing.OverlapCycles;
        if (macs == 0 || charged <= 0) return default;
        long coreCount = cores?.Compute.Count ?? 1;
        double peCycles = (double)charged * (peCount * coreCount);
        long computing = cores?.Computing ?? timing.ComputeCycles - timing.ConflictCycles;
        return new UtilisationSplit(macs / peCycles, (computing * (double)peCount - macs) / peCycles,
            (charged * coreCount - computing) / (double)(charged * coreCount));
    }
}
