using Sim.Config;
using Sim.Energy;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Mapping;

/// <summary>A mapping's estimated cost: core cycles, device-memory bytes, and (when asked for) energy in pJ.</summary>
internal readonly record struct MappingEstimate(double Cycles, long DramBytes, double EnergyPj);

/// <summary>
/// The mapper's analytical model of a tile plan, per group times the groups:
/// <list type="bullet">
/// <item>Compute: every tile's cycles by the dataflow's per-fold formula (<see cref="IDataflow.Formula"/>: 2R + M_t + N_t - 2
///   for a weight tile of R rows streaming M_t vectors into N_t columns); with two weight buffers, the tiles back to back.</item>
/// <item>Bytes: weights once, or once per M block when they do not stay on chip; activations as im2col tiles
///   once per column block, or as raw row bands (<see cref="TilePlan.BandLoad"/>) once, or once per column
///   block when they do not stay; outputs once.</item>
/// <item>Time: compute and memory overlap (the scratchpads are double-buffered), so the larger of the compute
///   cycles and the bytes at the memory's peak bandwidth.</item>
/// <item>Energy (for the energy and EDP objectives): the energy model (<see cref="EnergyModel"/>) on the
///   plan's MACs, scratchpad lines (<see cref="ScratchpadActionCounter"/>), DRAM bytes and estimated time.</item>
/// </list>
/// Scratchpad bank conflicts, DRAM row misses and refresh are left to the simulation.
/// </summary>
internal static class MappingCost
{
    public static MappingEstimate Of(TilePlan plan, HardwareConfig hw, LayerFormat format, bool withEnergy)
    {
        var s = plan.Shape;
        long compute = ComputeCycles(plan, hw);
        long bytes = Bytes(plan);
        double bytesPerCycle = BytesPerCycle(hw);
        double cycles = s.Groups * Math.Max(compute, bytes / bytesPerCycle);
        long dramBytes = s.Groups * bytes;
        if (!withEnergy) return new MappingEstimate(cycles, dramBytes, 0);
        var (input, weight, output) = ScratchpadActionCounter.ForGemm(plan, hw.Scratchpads);
        var actions = new LayerActions(format.Operands.Name(), new MacCounts(s.Macs, 0, 0), input, weight, output, 0,
            dramBytes, 0, 0, 0, (long)Math.Ceiling(cycles))
        {
            PeRegisterBits = 2 * plan.OperandBits + plan.AccumulatorBits,
        };
        return new MappingEstimate(cycles, dramBytes, EnergyModel.Evaluate(hw.Energy, hw, actions).TotalPj);
    }

    /// <summary>Device memory's peak bytes per core cycle.</summary>
    public static double BytesPerCycle(HardwareConfig hw) => hw.Memory.PeakGBps * 1e3 / hw.PeArray.ClockMhz;

    /// <summary>One group's device-memory bytes: activations, weights (once, or once per M block), outputs once.</summary>
    public static long Bytes(TilePlan plan)
    {
        var s = plan.Shape;
        return ActivationBytes(plan) + plan.OperandBytes(plan.WeightElements(s.K, s.N)) * (plan.WeightsResident ? 1 : plan.MBlocks)
               + plan.OutputBytes((long)s.M * s.N);
    }

    /// <summary>
    /// One group's compute cycles, every vector streamed: single-buffered, each tile's formula; with two
    /// weight buffers, the tiles back to back as the sequencer schedules them (<see cref="WeightPipeline"/>).
    /// </summary>
    public static long ComputeCycles(TilePlan plan, HardwareConfig hw)
    {
        var s = plan.Shape;
        if (hw.PeArray.WeightBuffers == 1)
        {
            // The formula is affine in the tile's size, so the tiles' sum needs only the block counts.
            var f = hw.PeArray.Dataflow.Formula(plan.Rows, plan.Cols);
            return (long)plan.MBlocks * plan.KChunks * plan.NBlocks * f.Fixed + (long)f.PerM * plan.KChunks * plan.NBlocks * s.M
                   + (long)f.PerK * plan.MBlocks * plan.NBlocks * s.K + (long)f.PerN * plan.MBlocks * plan.KChunks * s.N;
        }
        var pipeline = new WeightPipeline(plan.Rows, plan.Cols);
        foreach (var t in plan.Tiles())
        {
            if (t.Group > 0) break;
            pipeline.Add(t.M, plan.UsedRows(t.K), t.N);
        }
        return pipeline.Cycles;
    }

    /// <summary>One group's activation bytes from memory.</summary>
    public static long ActivationBytes(TilePlan plan)
    {
        if (plan.Bands is not { } rows) return plan.OperandBytes((long)plan.Shape.M * plan.Shape.K) * plan.NBlocks;
        long loaded = 0;
        for (int mb = 0; mb < plan.MBlocks; mb++)
        {
            var (first, last) = plan.BandLoad(new TileAt(0, 0, mb, 0, 0, mb * plan.Mt, 0, 0, plan.MSize(mb), 0, 0));
            loaded += Math.Max(0, last - first + 1);
        }
        return plan.OperandBytes(loaded * rows.RowElements) * (plan.ActivationsResident ? 1 : plan.NBlocks);
    }
}
