using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Mapping;
using Sim.Memory.Dram;

namespace Sim.Run;

/// <summary>The bytes a layer moved through device memory and across the host link.</summary>
internal readonly record struct LayerTraffic(long DramBytesRead, long DramBytesWritten, long LinkBytesToDevice, long LinkBytesToHost)
{
    public long DramBytes => DramBytesRead + DramBytesWritten;
}

/// <summary>
/// A timed layer's result: its energy from the actions it performed, and its figures for the reports. One
/// place, whether the layer ran alone on a machine or as part of a network's program.
/// </summary>
internal static class LayerResults
{
    /// <summary>
    /// "weights stationary; g>m>n>k; Mt 196 Kt 32 Nt 32; weights resident; input rows on chip resident" (no commas: it
    /// is a CSV cell), as the mapper chose: which operand the array holds, the loop order, the tile sizes, whether
    /// the weights stay on chip, and whether activations come as raw input rows (im2col on chip) that stay.
    /// </summary>
    public static string Describe(GemmRun run)
    {
        var p = run.Plan;
        return $"{(run.WeightsStream ? "activations" : "weights")} stationary; {p.Order.Name()}; Mt {p.Mt} Kt {p.Kt} Nt {p.Nt}" +
               (p.WeightsResident ? "; weights resident" : "") +
               (p.Bands is null ? "" : p.ActivationsResident ? "; input rows on chip resident" : "; input rows on chip") +
               (run.Split is { } split ? $"; {split.Describe()}" : "");
    }

    /// <param name="dram">The DRAM's counters over the layer's time, or null for the simple memory pipe.</param>
    /// <param name="cores">On a multi-core chip: each core's cycles in the layer; null for one core.</param>
    /// <param name="nocByteHops">On a multi-core chip: payload bytes x network links they crossed in the layer's time.</param>
    /// <param name="chipCycles">Cycles the chip's static power is charged to the layer for; null: its cycles less its overlap.</param>
    public static LayerResult Of(HardwareConfig hw, string name, string type, LayerWork work, LayerTiming timing, LayerTraffic traffic, DramStats? dram,
        CoreCycles? cores = null, long nocByteHops = 0, long? chipCycles = null)
    {
        var gemm = work.Gemm;
        var energy = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions(
            OperandFormat: work.OperandFormat,
            Macs: gemm is null ? default : new MacCounts(gemm.Totals.MacsActive - gemm.Totals.MacsRepeated, gemm.Totals.MacsRepeated, gemm.Totals.MacsGated),
            Input: work.Accesses.Input, Weight: work.Accesses.Weight, Output: work.Accesses.Output, VectorOps: work.VectorOps,
            DramBytes: traffic.DramBytes,
            DramActivates: dram?.Activates ?? 0, DramRefreshes: dram?.Refreshes ?? 0,
            LinkWireBytes: hw.HostLink.WireBytes(traffic.LinkBytesToDevice) + hw.HostLink.WireBytes(traffic.LinkBytesToHost),
            // Static power for the cycles charged to this layer alone: overlapping cycles are its neighbour's.
            Cycles: chipCycles ?? timing.Cycles - timing.OverlapCycles)
        {
            PeRegisterBits = gemm is null ? 0 : 2 * gemm.Plan.OperandBits + gemm.Plan.AccumulatorBits,
            SfuLookups = work.SfuLookups,
            NocByteHops = nocByteHops,
        });

        var split = UtilisationSplit.Of(timing, work.Macs, (long)hw.PeArray.Rows * hw.PeArray.Cols, cores);
        var bound = LayerBound.Of(timing, traffic.DramBytes, hw.Memory.PeakGBps, hw.PeArray.ClockMhz);
        return new LayerResult(
            name, type, work.Unit, timing, work.Macs, split.Utilisation,
            work.Steps.Count, traffic.DramBytesRead, traffic.DramBytesWritten, traffic.LinkBytesToDevice, traffic.LinkBytesToHost,
            hw.PeArray.ClockMhz, dram, energy, BitExact: false, Mismatch: null, work.OutputSha256)
        {
            Format = work.Format,
            MacsActive = gemm?.Totals.MacsActive ?? 0,
            MacsGated = gemm?.Totals.MacsGated ?? 0,
            MacsRepeated = gemm?.Totals.MacsRepeated ?? 0,
            VectorsSkipped = gemm?.VectorsSkipped ?? 0,
            Structured24 = gemm?.Structured24 ?? false,
            WeightsStream = gemm?.WeightsStream ?? false,
            Bound = bound.Resource,
            DramBusyCycles = bound.DramBusyCycles,
            Split = work.Unit == "pe_array" ? split : null,
            // Its operands and its output once each, and a fused add's residual (read once, a block at a time).
            DramBytesMinimum = work.UploadBytes + work.DownloadBytes + work.Steps.Sum(s => s.Residual.Bytes),
            Mapping = gemm is null ? null : Describe(gemm),
            Cores = cores,
        };
    }

    /// <summary>A fused layer's row: no cycles or traffic of its own (its work is in the row of the layer it ran in).</summary>
    public static LayerResult Fused(HardwareConfig hw, string name, string type, LayerResult root, string sha256) =>
        new(name, type, "output_stage", default, 0, 0, 0, 0, 0, 0, 0, hw.PeArray.ClockMhz, null,
            new LayerEnergy(LayerEnergy.ComponentNames.Select(c => new ComponentEnergy(c, [], 0, 0)).ToArray()),
            BitExact: false, Mismatch: null, sha256)
        {
            Format = root.Format,
            FusedInto = root.Name,
            Bound = "fused",
        };
}
