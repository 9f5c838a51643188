using Sim.Config;
using Sim.Mapping;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Mapping;

public class MapperTests
{
    /// <summary>The first version's mapper: textbook tiles, choosing only which operand the array holds.</summary>
    private static MappedGemm Choose(int m, int k, int n)
    {
        var hw = TestScenarios.Array16() with { Mapper = new MapperConfig(MapperMode.OrientationOnly, MapperObjective.Latency) };
        hw = hw with { PeArray = hw.PeArray with { Im2Col = Im2ColSource.Dram } };   // 16x16 at 1 GHz, 12.8 GB/s: 12.8 bytes a cycle
        var layer = new GemmLayer("g", m, k, n);
        var operands = new MatrixOperands(layer, new Tensor<short>(m, k), new Tensor<short>(k, n));
        return Mapper.Map(hw, GemmShape.Of(layer), operands, hw.DefaultFormat, structured24: false);
    }

    [Test]
    public void AFewRowsOfActivationsAreHeldAndTheWeightsStream()
    {
        // Y[5,40] = A[5,70] W[70,40]. Held weights: 5 K chunks x (51 + 51 + 43) = 725 cycles, and
        // 350 x 3 + 2,800 + 200 = 4,050 bytes (316 cycles): 725. Held activations: Y^T[40,5], 5 chunks x
        // (32 + 40 + 5 - 2 = 75) = 375 cycles, 2,800 + 350 + 200 = 3,350 bytes (262 cycles): 375. Swap.
        var o = Choose(5, 70, 40);
        Assert.That(o.WeightsStream, Is.True);
        Assert.That(o.Shape, Is.EqualTo(new GemmShape(1, 40, 70, 5)));
    }

    [Test]
    public void ManyRowsKeepTheWeightsHeld()
    {
        // Y[64,40] = A[64,70] W[70,40]. Held weights: 5 chunks x (110 + 110 + 102) = 1,610 cycles;
        // 4,480 x 3 + 2,800 + 2,560 = 18,800 bytes (1,469 cycles): 1,610. Held activations: 4 N blocks
        // x 5 chunks x (32 + 40 + 16 - 2 = 86) = 1,720 cycles: more. Keep.
        var o = Choose(64, 70, 40);
        Assert.That(o.WeightsStream, Is.False);
        Assert.That(o.Shape, Is.EqualTo(new GemmShape(1, 64, 70, 40)));
    }

    [Test]
    public void TheTransposedGemmWritesTheSameOutputTensor()
    {
        // Lower through the transposed view and write a block back: it lands transposed in Y.
        var layer = new GemmLayer("g", 2, 3, 4);
        var a = new Tensor<short>([2, 3], [1, 2, 3, 4, 5, 6]);
        var w = new Tensor<short>([3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
        var inner = new MatrixOperands(layer, a, w);
        var t = new TransposedOperands(inner, GemmShape.Of(layer));
        var wT = new short[4 * 3];
        t.LowerActivations(0, wT);
        Assert.That(wT, Is.EqualTo(new short[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 }));
        var aT = new short[3 * 2];
        t.LowerWeights(0, aT);
        Assert.That(aT, Is.EqualTo(new short[] { 1, 4, 2, 5, 3, 6 }));
        // Y^T block rows n = 1..2, columns m = 0..1 -> Y[m, n].
        t.WriteOutputBlock(0, 1, 0, 2, 2, new short[] { 10, 11, 20, 21 });
        Assert.That(inner.Output.Data, Is.EqualTo(new short[] { 0, 10, 20, 0, 0, 11, 21, 0 }));
    }
}
