using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Mapping;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Networks;

/// <summary>The output stage's per-channel bias and multipliers on the PE array against the golden QLinearConv.</summary>
public class PerChannelOutputStageTests
{
    [TestCase(3, 10, 20, 1, 1)]     // N = 20 spans two 16-column blocks
    [TestCase(40, 7, 5, 3, 0)]      // K = 360 spans several 16-row chunks
    public void ConvWithBiasAndChannelScalesEqualsGoldenQLinearConv(int c, int hw, int oc, int k, int pad)
    {
        var random = new Random(c * 100 + oc);
        var layer = TestScenarios.Conv("conv", c, hw, hw, oc, k, pad: pad) with { Batch = 2 };
        var x = new Tensor<short>(2, c, hw, hw);
        var w = new Tensor<short>(oc, c, k, k);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (short)random.Next(-128, 128);
        for (int i = 0; i < w.Length; i++) w.Data[i] = (short)random.Next(-127, 128);
        float xScale = 0.02f, yScale = 0.5f;
        var wScales = Enumerable.Range(0, oc).Select(_ => (float)(0.001 + 0.01 * random.NextDouble())).ToArray();
        var bias = Enumerable.Range(0, oc).Select(_ => random.Next(-20000, 20000)).ToArray();
        var multipliers = wScales.Select(s => Ops.RequantizeMultiplier(xScale, s, yScale)).ToArray();

        var operands = new ConvOperands(layer, x, w);
        var numerics = GemmNumerics.Int8(1f, 0) with { PerChannel = new ChannelRequantization(multipliers, bias) };
        GemmExecutor.Run(TestScenarios.Array16(), GemmShape.Of(layer), operands, numerics);

        var golden = Ops.QLinearConv(
            new Tensor<int>(x.Shape, x.Data.Select(v => (int)v).ToArray()), xScale, 0,
            new Tensor<int>(w.Shape, w.Data.Select(v => (int)v).ToArray()), wScales, new int[oc],
            yScale, 0, new Tensor<int>([oc], bias),
            new ConvAttributes(1, 1, pad, pad, pad, pad, 1, 1, 1), QuantizedType.Int8);
        Assert.That(operands.Output.Data.Select(v => (int)v), Is.EqualTo(golden.Data));
        Assert.That(golden.Data.Distinct().Count(), Is.GreaterThan(20), "outputs spread over the int8 range");
    }
}
