using Google.Protobuf;
using Sim.Config;
using Sim.Graph;
using Sim.Onnx.Import;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Cli;
using Sim.Tests.Run;

namespace Sim.Tests.Graph;

/// <summary>
/// The element-wise arithmetic of transformer and MobileNetV3 graphs (Sub, Mul, Div, Pow, Sqrt, ReduceMean beside Add and
/// HardSigmoid) run through sim's graph runner: every node on the vector unit and bit for bit with the golden model, the
/// output close to ONNX Runtime's (identical for int32), compute cycles as the unit charges them (16 lanes: lane operations
/// / 16, rounded up), and bad nodes refused by name.
/// </summary>
[TestFixture]
public class ElementwiseGraphTests
{
    private const int F = 1, I32 = 6;
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-elementwise-tests-" + Environment.ProcessId);

    private static string HwFile => Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../configs/ws-16x16-int8.yaml"));

    private static (RunSummary Run, OnnxGraph Graph) Run(OrtGraph g, string name, string? input = null)
    {
        string path = g.Save(Directory, name);
        var graph = OnnxGraph.Load(path);
        var run = GraphRunner.Run(new ScenarioConfig(name, path, TestScenarios.Array16(), 7, new DataSource(0, 0), []) { Graph = graph, InputPath = input });
        foreach (var l in run.Layers) TestContext.Out.WriteLine($"{l.Name,-8} {l.Type,-12} {l.Unit,-7} compute {l.Timing.ComputeCycles,4} exact {l.BitExact}");
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty, "every node equals the golden model");
        Assert.That(run.Layers.Select(l => l.Unit), Is.All.EqualTo("vector"));
        return (run, graph);
    }

    /// <summary>LayerNormalization written out as exporters write it (opset 13 axes attributes), then the cube of GELU's tanh form.</summary>
    private static OrtGraph LayerNormAndCube()
    {
        var r = new Random(3);
        var g = new OrtGraph().Opset(13).Input("x", F, 2, 4, 8)
            .Constant("two", new[] { 2f }).Constant("three", new[] { 3f }).Constant("eps", new[] { 1e-5f })
            .Constant("gamma", Enumerable.Range(0, 8).Select(_ => (float)(r.NextDouble() + 0.5)).ToArray(), 8);
        g.Node("ReduceMean", ["x"], "mean").Ints("axes", -1);
        g.Node("Sub", ["x", "mean"], "d");
        g.Node("Pow", ["d", "two"], "sq");
        g.Node("ReduceMean", ["sq"], "var").Ints("axes", -1);
        g.Node("Add", ["var", "eps"], "ve");
        g.Node("Sqrt", ["ve"], "std");
        g.Node("Div", ["d", "std"], "norm");
        g.Node("Mul", ["norm", "gamma"], "scaled");
        g.Node("Pow", ["scaled", "three"], "cube");
        g.Node("Sub", ["scaled", "cube"], "y");
        return g.Output("y", F);
    }

    [Test]
    public void ALayerNormalizationGraphRunsOnTheVectorUnitExactly()
    {
        var (run, graph) = Run(LayerNormAndCube(), "layernorm-cube");
        long Compute(string name) => run.Layers.Single(l => l.Name == name).Timing.ComputeCycles;
        // d = x - mean: 64 elements of x and 8 of mean read, 72 lane reads on 16 lanes: ceil(4.5) = 5 cycles.
        Assert.That(Compute("d"), Is.EqualTo(5));
        // cube = scaled^3: 64 elements, two multiplies each ((s s) s): 128 lane operations / 16 = 8 cycles.
        Assert.That(Compute("cube"), Is.EqualTo(8));
        // sq = d^2: one multiply each, 64 / 16 = 4; mean: 64 reads into 8 sums, 4; std = sqrt(ve): 8 roots, 1.
        Assert.That(Compute("sq"), Is.EqualTo(4));
        Assert.That(Compute("mean"), Is.EqualTo(4));
        Assert.That(Compute("std"), Is.EqualTo(1));

        var ort = LayerNormAndCube().RunOrt(GraphInputs.Make(graph, 7, 0, null));
        var y = run.Outputs[graph.Outputs[0]];
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 4, 8 }));
        // ORT's means may sum in another order (ReduceMean's bound); the rest is one IEEE operation a node.
        for (int i = 0; i < y.Length; i++)
            Assert.That(y.Floats.Data[i], Is.EqualTo(ort.Floats.Data[i]).Within(1e-5 + 1e-4 * Math.Abs(ort.Floats.Data[i])), $"element {i}");
    }

    /// <summary>MobileNetV3's squeeze-and-excite gate: a spatial mean (opset 18, axes a constant input), HardSigmoid, a per-channel Mul.</summary>
    private static OrtGraph SqueezeExcite()
    {
        var g = new OrtGraph().Opset(18).Input("x", F, 1, 6, 5, 5).Constant("axes", new long[] { 2, 3 }, 2);
        g.Node("ReduceMean", ["x", "axes"], "pooled");
        g.Node("HardSigmoid", ["pooled"], "gate").Float("alpha", 1f / 6);
        g.Node("Mul", ["gate", "x"], "y");
        return g.Output("y", F);
    }

    [Test]
    public void ASqueezeExciteGateBroadcastsAChannelVectorOverThePlanes()
    {
        var (run, graph) = Run(SqueezeExcite(), "squeeze-excite");
        Assert.That(graph.Shapes["pooled"].Shape, Is.EqualTo(new[] { 1, 6, 1, 1 }));
        // y = gate[1,6,1,1] x x[1,6,5,5]: 6 + 150 = 156 reads on 16 lanes, ceil(9.75) = 10 cycles.
        Assert.That(run.Layers.Single(l => l.Name == "y").Timing.ComputeCycles, Is.EqualTo(10));
        var ort = SqueezeExcite().RunOrt(GraphInputs.Make(graph, 7, 0, null));
        var y = run.Outputs[graph.Outputs[0]];
        for (int i = 0; i < y.Length; i++)
            Assert.That(y.Floats.Data[i], Is.EqualTo(ort.Floats.Data[i]).Within(1e-6 + 1e-5 * Math.Abs(ort.Floats.Data[i])), $"element {i}");
    }

    private static OrtGraph Int32Arithmetic(int[] divisor)
    {
        var g = new OrtGraph().Input("x", I32, 2, 3, 4)
            .Constant("m", new[] { 3, -7, 11 }, 3, 1).Constant("s", new[] { 100, -5, 0, 42 }, 4).Constant("q", divisor, 3, 1);
        g.Node("Mul", ["x", "m"], "p");
        g.Node("Sub", ["p", "s"], "d");
        g.Node("Div", ["d", "q"], "y", name: "div");
        return g.Output("y", I32);
    }

    private static string Int32Input(string name)
    {
        var r = new Random(11);
        var x = GraphValue.Of(GraphElementType.Int32, new Tensors.Tensor<int>([2, 3, 4], Enumerable.Range(0, 24).Select(_ => r.Next(-100_000, 100_000)).ToArray()));
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, name + ".pb");
        File.WriteAllBytes(path, x.ToProto("x").ToByteArray());
        return path;
    }

    [Test]
    public void Int32ArithmeticIsIdenticalToOrt()
    {
        string input = Int32Input("int32-x");
        var (run, graph) = Run(Int32Arithmetic([4, -3, 7]), "int32-arithmetic", input);
        var feeds = GraphInputs.Make(graph, 7, 0, input);
        var ort = Int32Arithmetic([4, -3, 7]).RunOrt(feeds);
        Assert.That(run.Outputs[graph.Outputs[0]].Ints.Data, Is.EqualTo(ort.Ints.Data));
        // Truncation toward zero, worked by hand for the first element: (x 3 - 100) / 4.
        int x0 = feeds["x"].Ints.Data[0], expected = (x0 * 3 - 100) / 4;
        Assert.That(run.Outputs[graph.Outputs[0]].Ints.Data[0], Is.EqualTo(expected));
    }

    [Test]
    public void AnInt32DivisionByZeroIsBadInputNamingTheNode()
    {
        string input = Int32Input("int32-x0");
        string path = Int32Arithmetic([4, 0, 7]).Save(Directory, "int32-div-zero");
        var (exit, _, stderr) = SimProcess.Run(Environment.CurrentDirectory,
            ["run", path, "--hw", HwFile, "--input", input, "--out", Path.Combine(Directory, "div-zero-report")]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Is.EqualTo($"error: {path}: node 'div (Div)': int32 division by zero: B[1,0] is 0"));
    }

    [TestCase("1.5", "exponent 1.5 is not supported; Pow supports a constant scalar exponent that is an integer from -4 to 4 (repeated multiplication) or 0.5 (square root)")]
    [TestCase("input", "exponent Y 'e' must be a constant scalar (an initializer or Constant); Pow supports a constant scalar exponent")]
    [TestCase("vector", "exponent Y has shape [2], not a scalar; Pow supports")]
    public void APowThatIsNotAConstantSupportedExponentIsRefused(string kind, string message)
    {
        var g = new OrtGraph().Input("x", F, 2, 2);
        if (kind == "input") g.Input("e", F, 1);
        else if (kind == "vector") g.Constant("e", new[] { 2f, 2f }, 2);
        else g.Constant("e", new[] { 1.5f });
        g.Node("Pow", ["x", "e"], "y", name: "pow");
        string path = g.Output("y", F).Save(Directory, "pow-" + kind);
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"error: {path}: node 'pow (Pow)': {message}"));
    }

    [Test]
    public void AReduceMeanWhoseAxesAreNotKnownAtImportIsRefused()
    {
        var g = new OrtGraph().Opset(18).Input("x", F, 2, 3).Input("axes", 7, 1);
        g.Node("ReduceMean", ["x", "axes"], "y", name: "mean");
        string path = g.Output("y", F).Save(Directory, "mean-axes-input");
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"error: {path}: node 'mean (ReduceMean)': the axes input 'axes' must be an int64 initializer or Constant"));

        var twice = new OrtGraph().Input("x", F, 2, 3);
        twice.Node("ReduceMean", ["x"], "y", name: "mean").Ints("axes", 1, -1);
        path = twice.Output("y", F).Save(Directory, "mean-axes-twice");
        e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"error: {path}: node 'mean (ReduceMean)': axis -1 is listed twice in axes [1,-1]"));
    }
}
