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
/// Softmax through sim's graph runner: on hardware whose SFU holds exp and reciprocal, bit-exact with its golden model,
/// on the "sfu" unit with error columns, its cycles and lookups those of <see cref="SfuSoftmax"/>'s formula by hand;
/// on hardware without an SFU or without one of those tables, on the vector unit as before.
/// </summary>
[TestFixture]
public class SfuSoftmaxTests
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-sfu-softmax-tests-" + Environment.ProcessId);

    private static RunSummary Run(HardwareConfig hw, string name)
    {
        var r = new Random(9);
        var w = Enumerable.Range(0, 8 * 8).Select(_ => (float)(4 * r.NextDouble() - 2)).ToArray();
        var g = new OrtGraph().Opset(13).Input("x", 1, 2, 8).Constant("w", w, 8, 8);
        g.Node("MatMul", ["x", "w"], "h");
        g.Node("Softmax", ["h"], "y");
        string path = g.Output("y", 1).Save(Directory, name);
        var graph = OnnxGraph.Load(path);
        return GraphRunner.Run(new ScenarioConfig(name, path, hw, 7, new DataSource(0, 0), []) { Graph = graph });
    }

    [Test]
    public void OnTheSfuExactWithCyclesAndLookupsByHand()
    {
        var run = Run(SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Reciprocal), "softmax-sfu");
        var softmax = run.Layers.Single(l => l.Type == "softmax");
        Assert.That(softmax.BitExact, softmax.Mismatch);
        Assert.That(softmax.Unit, Is.EqualTo("sfu"));
        Assert.That(softmax.MaxAbsError > 0 && softmax.MaxUlpError > 0, "the row reports its error against float64");
        // 16 elements in 2 rows of 8, 16 vector lanes, 16 SFU lanes, one chunk each step: max and subtract ceil(2 * 16 / 16) = 2;
        // exp ceil(16 / 16) + 4 = 5; sum ceil(16 / 16) = 1; reciprocal of 2 sums ceil(2 / 16) + 4 = 5; multiply 1. 14 in all.
        Assert.That(softmax.Timing.ComputeCycles, Is.EqualTo(14));
        // One lookup an element and one a row, 6.8 pJ each on this SFU (SfuCostTests): 18 * 6.8.
        Assert.That(softmax.Energy.Components.Single(c => c.Component == "sfu").DynamicPj, Is.EqualTo(18 * 6.8).Within(1e-9));
    }

    [Test]
    public void WithoutExpAndReciprocalOnTheVectorUnitAsBefore()
    {
        var plain = Run(TestScenarios.Array16(), "softmax-plain").Layers.Single(l => l.Type == "softmax");
        var partial = Run(SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Gelu), "softmax-partial").Layers.Single(l => l.Type == "softmax");
        foreach (var l in new[] { plain, partial })
        {
            Assert.That(l.Unit, Is.EqualTo("vector"));
            Assert.That(l.Energy.Components.Single(c => c.Component == "sfu").DynamicPj, Is.Zero);
        }
        Assert.That(partial.OutputSha256, Is.EqualTo(plain.OutputSha256));
        Assert.That(partial.Timing.ComputeCycles, Is.EqualTo(plain.Timing.ComputeCycles));
    }
}
