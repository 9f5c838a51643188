using Sim.Config;
using Sim.Mapping;
using Sim.PeArray;
using Sim.Scratchpad;

namespace Sim.Accelerator;

/// <summary>How a GEMM layer's numbers are formed: its formats and, for integer layers, the requantisation.</summary>
public sealed record GemmNumerics(LayerFormat Format, float Multiplier, int OutputZeroPoint)
{
    /// <summary>int8 operands, int32 accumulator, int8 output with this requantisation.</summary>
    public static GemmNumerics Int8(float multiplier, int outputZeroPoint) =>
        new(new LayerFormat(Numerics.ElementFormat.Int8, Numerics.ElementFormat.Int32, Numerics.ElementFormat.Int8), multiplier, outputZeroPoint);
}

/// <summary>
/// The fast model of a GEMM-shaped layer on the PE array: walks the tile plan in its loop order,
/// computes each tile's numerics in bulk with the tile model, and records each tile as a step of
/// the command stream (bytes to load, cycles on the array and any scratchpad stalls, bytes to
/// store) for the controller.
/// </summary>
public static class GemmExecutor
{
    /// <summary>An int8 layer (int32 accumulation, int8 output).</summary>
    public static List<TileStep> Execute(
        HardwareConfig hw, GemmShape shape, IGemmOperands operands, float multiplier, int outputZeroPoint) =>
        Execute(hw, shape, operands, GemmNumerics.Int8(multiplier, outputZeroPoint));

    public static List<TileStep> Execute(HardwareConfig hw, GemmShape shape, IGemmOperands operands, GemmNumerics numerics)
    {
        var format = numerics.Format;
        var datapath = format.Datapath;
        var plan = TilePlan.For(shape, hw, format);
        var scratchpads = new ScratchpadTraffic(hw.Scratchpads, plan.OperandBits, plan.AccumulatorBits);
        var a = new short[(long)shape.M * shape.K];
        var w = new short[(long)shape.K * shape.N];
        var aTile = new short[plan.Mt * plan.Kt];
        var wTile = new short[plan.Kt * plan.Nt];
        var accumulators = new int[plan.Mt * plan.Nt];
        var outputs = new short[plan.Mt * plan.Nt];
        var steps = new List<TileStep>(plan.TilesPerGroup * shape.Groups);
        var layout = new TileLayout(plan);

        for (int g = 0; g < shape.Groups; g++)
        {
            operands.LowerActivations(g, a);
            operands.LowerWeights(g, w);
            for (int nb = 0; nb < plan.NBlocks; nb++)
            {
                int nt = plan.NSize(nb), n0 = nb * plan.Nt;
                for (int mb = 0; mb < plan.MBlocks; mb++)
                {
                    int mt = plan.MSize(mb), m0 = mb * plan.Mt;
                    var acc = accumulators.AsSpan(0, mt * nt);
                    acc.Clear();
                    for (int kc = 0; kc < plan.KChunks; kc++)
                    {
                        int kt = plan.KSize(kc), k0 = kc * plan.Kt;
                        CopyBlock(a, shape.K, m0, k0, mt, kt, aTile);
                        CopyBlock(w, shape.N, k0, n0, kt, nt, wTile);
                        TileModel.Compute(datapath, aTile.AsSpan(0, mt * kt), wTile.AsSpan(0, kt * nt), acc, mt, kt, nt);

                        bool weightsFromMemory = !plan.WeightsResident || mb == 0;
                        var activations = layout.Activations(g, mb, kc, plan.OperandBytes((long)mt * kt));
                        var weights = weightsFromMemory ? layout.Weights(g, kc, nb, plan.OperandBytes((long)kt * nt)) : MemoryRange.None;
                        var store = kc == plan.KChunks - 1 ? layout.Outputs(g, mb, nb, plan.OutputBytes((long)mt * nt)) : MemoryRange.None;
                        long stall = scratchpads.StallCycles(plan.Rows, mt, kt, nt);
                        long cycles = TileModel.Cycles(plan.Rows, plan.Cols, mt, kt, nt) + stall;
                        steps.Add(new TileStep(activations, weights, cycles, store, stall));
                    }
                    var block = outputs.AsSpan(0, mt * nt);
                    if (format.IsFloat)
                        OutputStage.Convert(acc, block, format.Output);
                    else
                        OutputStage.Requantize(acc, block, numerics.Multiplier, numerics.OutputZeroPoint, format.Output);
                    operands.WriteOutputBlock(g, m0, n0, mt, nt, block);
                }
            }
        }
        return steps;
    }

    /// <summary>Copies the rows x cols block at (r0, c0) of a row-major matrix into a dense buffer.</summary>
    private static void CopyBlock(short[] source, int sourceCols, int r0, int c0, int rows, int cols, short[] target)
    {
        for (int r = 0; r < rows; r++)
            source.AsSpan((r0 + r) * sourceCols + c0, cols).CopyTo(target.AsSpan(r * cols, cols));
    }
}
