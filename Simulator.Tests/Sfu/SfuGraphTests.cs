using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx.Import;
using Sim.Operators;
using Sim.Run;
using Sim.Scenarios;
using Sim.Sfu;
using Sim.Tests.Graph;
using Sim.Tests.Run;

namespace Sim.Tests.Sfu;

/// <summary>
/// A small ONNX model of the SFU's activation operators and of HardSigmoid and HardSwish, run through sim's graph runner:
/// every node bit-exact against the golden model, the SFU's nodes on the "sfu" unit with their error columns and energy,
/// the output close to ONNX Runtime's; Erf and Reciprocal alone likewise; and the model refused, by node, on hardware
/// without an SFU.
/// </summary>
[TestFixture]
public class SfuGraphTests
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-sfu-tests-" + Environment.ProcessId);

    private static OrtGraph Model()
    {
        var r = new Random(5);
        var w = Enumerable.Range(0, 8 * 8).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        var g = new OrtGraph().Opset(20).Input("x", 1, 2, 8).Constant("w", w, 8, 8);
        g.Node("MatMul", ["x", "w"], "h");
        g.Node("Gelu", ["h"], "gelu");
        g.Node("Tanh", ["gelu"], "tanh");
        g.Node("Sigmoid", ["tanh"], "sig");
        g.Node("Exp", ["sig"], "exp");
        g.Node("HardSwish", ["exp"], "hswish");
        g.Node("HardSigmoid", ["hswish"], "y").Float("alpha", 0.25f);
        return g.Output("y", 1);
    }

    private static (RunSummary Run, OnnxGraph Graph, string Path) Run(HardwareConfig hw, string name)
    {
        string path = Model().Save(Directory, name);
        var graph = OnnxGraph.Load(path);
        return (GraphRunner.Run(new ScenarioConfig(name, path, hw, 7, new DataSource(0, 0), []) { Graph = graph }), graph, path);
    }

    [Test]
    public void EveryNodeIsExactAndTheSfuNodesArePriced()
    {
        var (run, graph, _) = Run(SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Sigmoid, SfuFunction.Tanh, SfuFunction.Gelu), "sfu-chain");
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty);
        var sfu = run.Layers.Where(l => l.Type is "gelu" or "tanh" or "sigmoid" or "exp").ToList();
        Assert.That(sfu, Has.Count.EqualTo(4));
        Assert.That(sfu.Select(l => l.Unit), Is.All.EqualTo("sfu"));
        Assert.That(sfu.All(l => l.MaxAbsError > 0 && l.MaxUlpError > 0), "each SFU row reports its error against float64");
        // 16 elements on 16 lanes: one cycle of lookups and four of pipeline.
        Assert.That(sfu.Select(l => l.Timing.ComputeCycles), Is.All.EqualTo(5));
        Assert.That(sfu.Select(l => l.Energy.Components.Single(c => c.Component == "sfu").DynamicPj), Is.All.EqualTo(16 * 6.8).Within(1e-9));
        Assert.That(run.Layers.Where(l => l.Type is "hardswish" or "hardsigmoid").Select(l => l.Unit), Is.All.EqualTo("vector"));

        var ort = Model().RunOrt(GraphInputs.Make(graph, 7, 0, null));
        var y = run.Outputs[graph.Outputs[0]].Floats.Data;
        for (int i = 0; i < y.Length; i++)
            Assert.That(y[i], Is.EqualTo(ort.Floats.Data[i]).Within(0.01), $"element {i}");
    }

    /// <summary>
    /// Erf and Reciprocal alone on an SFU that holds their tables: exact against the golden model, on the sfu unit, and within
    /// the example table's error of ONNX Runtime (erf absolute, about 2e-3; reciprocal relative, about 4e-3).
    /// </summary>
    [TestCase("Erf")]
    [TestCase("Reciprocal")]
    public void ErfAndReciprocalRunOnTheSfu(string op)
    {
        var function = op == "Erf" ? SfuFunction.Erf : SfuFunction.Reciprocal;
        var g = new OrtGraph().Input("x", 1, 4, 16);
        g.Node(op, ["x"], "y");
        g.Output("y", 1);
        string path = g.Save(Directory, "sfu-" + op);
        var graph = OnnxGraph.Load(path);
        var run = GraphRunner.Run(new ScenarioConfig(op, path, SfuTestHardware.With(function), 7, new DataSource(0, 0), []) { Graph = graph });
        Assert.That(run.Layers.Single().Mismatch, Is.Null);
        Assert.That(run.Layers.Single().Unit, Is.EqualTo("sfu"));
        var ort = g.RunOrt(GraphInputs.Make(graph, 7, 0, null)).Floats.Data;
        var y = run.Outputs["y"].Floats.Data;
        for (int i = 0; i < y.Length; i++)
            Assert.That(y[i], Is.EqualTo(ort[i]).Within(function == SfuFunction.Erf ? 4e-3 : 4e-3 * Math.Abs(ort[i])), $"element {i}");
    }

    [Test]
    public void HardwareWithoutAnSfuRefusesTheNode()
    {
        var e = Assert.Throws<InputError>(() => Run(TestScenarios.Array16(), "sfu-none"))!;
        Assert.That(e.Message, Does.Contain("node 'gelu (Gelu)': Gelu runs on the special-function unit, and hardware"));
        Assert.That(e.Message, Does.Contain("has none (add an sfu: section with gelu among its functions)"));
    }

    /// <summary>Refused when the model meets its hardware, before any run: `sim run` and `sim validate` print only the error.</summary>
    [Test]
    public void HardwareWithoutAnSfuRefusesTheModelAtLoad()
    {
        string path = Model().Save(Directory, "sfu-load");
        var e = Assert.Throws<InputError>(() => OperatorSet.RequireHardware(OnnxGraph.Load(path), TestScenarios.Array16()))!;
        Assert.That(e.Message, Does.StartWith($"error: {path}: node 'gelu (Gelu)': Gelu runs on the special-function unit, and hardware"));
        Assert.DoesNotThrow(() => OperatorSet.RequireHardware(OnnxGraph.Load(path),
            SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Sigmoid, SfuFunction.Tanh, SfuFunction.Gelu)));
    }

    [Test]
    public void AnSfuWithoutTheFunctionRefusesTheNode()
    {
        var e = Assert.Throws<InputError>(() => Run(SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Gelu), "sfu-partial"))!;
        Assert.That(e.Message, Does.Contain("node 'tanh (Tanh)': Tanh needs the special-function unit's tanh table, and hardware"));
        Assert.That(e.Message, Does.EndWith("lists only: exp, gelu"));
    }
}
