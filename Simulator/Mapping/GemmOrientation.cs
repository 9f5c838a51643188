using Sim.Config;
using Sim.PeArray;

namespace Sim.Mapping;

/// <summary>
/// The mapper's choice of which operand a weight-stationary array holds. Normally the weights stay and
/// activation vectors stream; when M is small (a fully-connected layer at batch 1 streams one vector
/// per weight tile, and every tile pays 2R cycles of weight load and fill for it) the array does better
/// holding the activations and streaming the weights as Y^T = W^T x A^T. The rule: estimate both
/// orientations' time as the larger of their dense compute cycles (from the tile model's formula) and
/// their device-memory bytes at the memory's peak bandwidth, and take the smaller; ties keep the weights
/// stationary. 2:4 compressed weights only work as the stationary operand, so such layers never swap.
/// </summary>
internal sealed record GemmOrientation(GemmShape Shape, IGemmOperands Operands, bool WeightsStream)
{
    public static GemmOrientation Choose(HardwareConfig hw, GemmShape shape, IGemmOperands operands, LayerFormat format, bool structured24)
    {
        var normal = new GemmOrientation(shape, operands, false);
        if (structured24) return normal;
        var swappedShape = new GemmShape(shape.Groups, shape.N, shape.K, shape.M);
        double normalCost = Cost(hw, TilePlan.For(shape, hw, format));
        double swappedCost = Cost(hw, TilePlan.For(swappedShape, hw, format));
        return swappedCost < normalCost
            ? new GemmOrientation(swappedShape, new TransposedOperands(operands, shape), true)
            : normal;
    }

    /// <summary>Core cycles the plan needs at least: max(dense compute, bytes over the memory's peak bandwidth).</summary>
    private static double Cost(HardwareConfig hw, TilePlan plan)
    {
        var s = plan.Shape;
        // Every group's tiles are alike: one group's, times the groups.
        long tileCycles = 0;
        foreach (var t in plan.Tiles())
        {
            if (t.Group > 0) break;
            tileCycles += TileModel.Cycles(plan.Rows, plan.Cols, t.M, t.K, t.N);
        }
        long bytes = plan.OperandBytes((long)s.M * s.K) * plan.NBlocks
                     + plan.OperandBytes((long)s.K * s.N) * (plan.WeightsResident ? 1 : plan.MBlocks)
                     + plan.OutputBytes((long)s.M * s.N);
        double bytesPerCycle = hw.Memory.PeakGBps * 1e3 / hw.PeArray.ClockMhz;
        return s.Groups * Math.Max(tileCycles, bytes / bytesPerCycle);
    }
}
