using Sim.PeArray;
using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.HostLink;
using Sim.Mapping;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Oracle;

/// <summary>Runs a layer on the fast model's PE-array path (tile plan, im2col, tile model, output stage).</summary>
internal static class FastModel
{
    /// <summary>
    /// An 8x8 array with small scratchpads, so even these small layers split into several K chunks,
    /// N blocks and M blocks (Mt = 32 by the output scratchpad).
    /// </summary>
    public static HardwareConfig Array8 { get; } = new(
        "test-8x8", "(test)",
        new PeArrayConfig(8, 8, Dataflow.WeightStationary, ClockMhz: 1000),
        Sim.Numerics.ElementFormat.Int8,
        new ScratchpadsConfig(
            Input: new ScratchpadConfig(2 * 1024, 2, 8, 1),
            Weight: new ScratchpadConfig(2 * 1024, 2, 8, 1),
            Output: new ScratchpadConfig(2 * 1024, 2, 32, 1)),
        new SimpleMemoryConfig(LatencyNs: 100, BandwidthGBps: 12.8),
        new VectorUnitConfig(8),
        HostLinkConfig.Default,
        DmaConfig.Default,
        Sim.Config.EnergyTableLoader.LoadDefault());

    /// <summary>The 8x8 array for even case indices, the 16x16 one for odd.</summary>
    public static HardwareConfig For(int index) => index % 2 == 0 ? Array8 : TestScenarios.Array16();

    public static int[] Conv(ConvGeometry g, int[] x, int[] w, float multiplier, HardwareConfig hw)
    {
        var layer = g.Layer("oracle");
        var operands = new ConvOperands(layer, new Tensor<short>(g.XShape, ToShort(x)), new Tensor<short>(g.WShape, ToShort(w)));
        GemmExecutor.Execute(hw, GemmShape.Of(layer), operands, multiplier, 0);
        return operands.Output.Data.Select(v => (int)v).ToArray();
    }

    public static int[] Gemm(int m, int k, int n, int[] a, int[] b, float multiplier, HardwareConfig hw)
    {
        var layer = new GemmLayer("oracle", m, k, n);
        var operands = new MatrixOperands(layer, new Tensor<short>([m, k], ToShort(a)), new Tensor<short>([k, n], ToShort(b)));
        GemmExecutor.Execute(hw, GemmShape.Of(layer), operands, multiplier, 0);
        return operands.Output.Data.Select(v => (int)v).ToArray();
    }

    private static short[] ToShort(int[] v) => v.Select(e => (short)checked((sbyte)e)).ToArray();
}
