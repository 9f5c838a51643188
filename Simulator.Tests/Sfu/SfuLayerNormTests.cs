using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx.Import;
using Sim.Run;
using Sim.Scenarios;
using Sim.Sfu;
using Sim.Tests.Graph;
using Sim.Tests.Run;

namespace Sim.Tests.Sfu;

/// <summary>
/// LayerNormalization through sim's graph runner: on hardware whose SFU holds rsqrt, bit-exact with its golden model, on the
/// "sfu" unit with error columns, its cycles and lookups those of <see cref="SfuLayerNorm"/>'s formula by hand; refused by
/// node name on hardware without an SFU or without rsqrt, when it asks for the Mean or InvStdDev output, and when Scale is not of
/// the normalised dimensions' shape or stash_type is not float32.
/// </summary>
[TestFixture]
public class SfuLayerNormTests
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-sfu-layernorm-tests-" + Environment.ProcessId);

    /// <summary>x [1, 2, 8] times an 8 x 8 weight, then LayerNormalization over the last axis (two rows of 8).</summary>
    private static RunSummary Run(HardwareConfig hw, string name, bool bias = true, bool mean = false, int scaleLength = 8, long stash = 1)
    {
        var r = new Random(11);
        float[] Floats(int count, double scale, double offset) => Enumerable.Range(0, count).Select(_ => (float)(scale * r.NextDouble() + offset)).ToArray();
        var g = new OrtGraph().Opset(17).Input("x", 1, 1, 2, 8).Constant("w", Floats(64, 4, -2), 8, 8)
            .Constant("scale", Floats(scaleLength, 1, 0.5), scaleLength);
        if (bias) g.Constant("bias", Floats(8, 2, -1), 8);
        g.Node("MatMul", ["x", "w"], "h");
        var node = g.Node("LayerNormalization", bias ? ["h", "scale", "bias"] : ["h", "scale"], "y", "ln").Float("epsilon", 1e-3f).Int("stash_type", stash);
        if (mean) node.Output.Add("mean");
        string path = g.Output("y", 1).Save(Directory, name);
        return GraphRunner.Run(new ScenarioConfig(name, path, hw, 7, new DataSource(0, 0), []) { Graph = OnnxGraph.Load(path) });
    }

    [TestCase(true, 10)]
    [TestCase(false, 9)]
    public void OnTheSfuExactWithCyclesAndLookupsByHand(bool bias, int cycles)
    {
        var run = Run(SfuTestHardware.With(SfuFunction.Rsqrt), "layernorm-sfu-" + bias, bias);
        var layerNorm = run.Layers.Single(l => l.Type == "layernormalization");
        Assert.That(layerNorm.BitExact, layerNorm.Mismatch);
        Assert.That(layerNorm.Unit, Is.EqualTo("sfu"));
        Assert.That(layerNorm.MaxAbsError > 0 && layerNorm.MaxUlpError > 0, "the row reports its error against float64");
        // 16 elements in 2 rows of 8, 16 vector lanes, 16 SFU lanes, one chunk each step: mean ceil(16 / 16) = 1; variance 1;
        // rsqrt of 2 variances ceil(2 / 16) + 4 = 5; normalise, scale (and bias) ceil(3 * 16 / 16) = 3 (ceil(2 * 16 / 16) = 2).
        Assert.That(layerNorm.Timing.ComputeCycles, Is.EqualTo(cycles));
        // One lookup a row, 6.8 pJ each on this SFU (SfuCostTests): 2 * 6.8.
        Assert.That(layerNorm.Energy.Components.Single(c => c.Component == "sfu").DynamicPj, Is.EqualTo(2 * 6.8).Within(1e-9));
    }

    [Test]
    public void HardwareWithoutAnSfuRefusesTheNode()
    {
        var e = Assert.Throws<InputError>(() => Run(TestScenarios.Array16(), "layernorm-none"))!;
        Assert.That(e.Message, Does.Contain("node 'ln (LayerNormalization)': LayerNormalization runs on the special-function unit, and hardware"));
        Assert.That(e.Message, Does.Contain("has none (add an sfu: section with rsqrt among its functions)"));
    }

    [Test]
    public void AnSfuWithoutRsqrtRefusesTheNode()
    {
        var e = Assert.Throws<InputError>(() => Run(SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Reciprocal), "layernorm-partial"))!;
        Assert.That(e.Message, Does.Contain("node 'ln (LayerNormalization)': LayerNormalization needs the special-function unit's rsqrt table"));
        Assert.That(e.Message, Does.EndWith("lists only: exp, reciprocal"));
    }

    [Test]
    public void TheMeanOutputIsRefused()
    {
        var e = Assert.Throws<InputError>(() => Run(SfuTestHardware.With(SfuFunction.Rsqrt), "layernorm-mean", mean: true))!;
        Assert.That(e.Message, Does.Contain("node 'ln (LayerNormalization)': the optional outputs Mean and InvStdDev are not supported; only Y is"));
    }

    [Test]
    public void AScaleNotOfTheNormalisedShapeIsRefused()
    {
        var e = Assert.Throws<InputError>(() => Run(SfuTestHardware.With(SfuFunction.Rsqrt), "layernorm-scale", scaleLength: 4))!;
        Assert.That(e.Message, Does.Contain("node 'ln (LayerNormalization)': Scale is float[4]; expected float[8], the normalised dimensions of X"));
    }

    [Test]
    public void AStashTypeOtherThanFloat32IsRefused()
    {
        var e = Assert.Throws<InputError>(() => Run(SfuTestHardware.With(SfuFunction.Rsqrt), "layernorm-stash", stash: 16))!;
        Assert.That(e.Message, Does.Contain("node 'ln (LayerNormalization)': stash_type 16 is not supported; the mean and variance are kept in float32 (stash_type 1)"));
    }
}
