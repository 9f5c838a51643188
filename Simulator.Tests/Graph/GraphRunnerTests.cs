using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx.Import;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Cli;
using Sim.Tests.Oracle;
using Sim.Tests.Run;

namespace Sim.Tests.Graph;

/// <summary>
/// Small ONNX models covering every supported operator, run through sim's graph runner and ONNX
/// Runtime on the same inputs: integer outputs identical, float outputs within tolerance; every node
/// bit-exact (or within its float error) against the golden model.
/// </summary>
[TestFixture]
public class GraphRunnerTests
{
    private const int F = 1, U8 = 2, I8 = 3, I32 = 6;
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-graph-tests-" + Environment.ProcessId);

    internal static HardwareConfig Int8Hw => TestScenarios.Array16();
    internal static HardwareConfig Bf16Hw => TestScenarios.Array16() with { NumberFormat = ElementFormat.Bf16, Accumulator = ElementFormat.Fp32 };
    private static HardwareConfig Fp16Hw => TestScenarios.Array16() with { NumberFormat = ElementFormat.Fp16, Accumulator = ElementFormat.Fp32 };

    private static float[] Normal(int n, int seed, float scale = 1f)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((r.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    private static T[] Ints<T>(int n, int seed, int lo, int hi, Func<int, T> cast)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => cast(r.Next(lo, hi + 1))).ToArray();
    }

    /// <summary>Runs <paramref name="g"/> on sim and ORT with the same seeded inputs.</summary>
    internal static (RunSummary Run, GraphValue Sim, GraphValue Ort) Both(OrtGraph g, HardwareConfig hw, string name, double zeroFraction = 0.2)
    {
        string path = g.Save(Directory, name);
        var graph = OnnxGraph.Load(path);
        var scenario = new ScenarioConfig(name, path, hw, 7, new DataSource(zeroFraction, 0), []) { Graph = graph };
        var inputs = GraphInputs.Make(graph, 7, zeroFraction, null);
        var run = GraphRunner.Run(scenario);
        foreach (var l in run.Layers) TestContext.Out.WriteLine($"{l.Name,-16} {l.Type,-18} {l.Unit,-9} {l.Format,-16} cycles {l.Cycles,8} exact {l.BitExact} err {l.MaxAbsError:G3}");
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty, "every node equals the golden model");
        // A Relu or Clip run in the output stage of the conv or matrix product before it moves nothing of its own.
        Assert.That(run.Layers.All(l => l.Cycles > 0 || l.Type is "reshape" or "flatten" || l.FusedInto is not null),
            "every node that moves data takes cycles");
        Assert.That(run.Layers.Where(l => l.FusedInto is not null).Select(l => l.Type), Is.All.AnyOf("relu", "clip"));
        return (run, run.Outputs[graph.Outputs[0]], g.RunOrt(inputs));
    }

    internal static void AssertClose(GraphValue sim, GraphValue ort, double atol, double rtol)
    {
        Assert.That(sim.Shape, Is.EqualTo(ort.Shape));
        Assert.That(sim.Type, Is.EqualTo(ort.Type));
        if (!sim.IsFloat)
        {
            Assert.That(sim.Ints.Data, Is.EqualTo(ort.Ints.Data), "integer outputs are identical");
            return;
        }
        for (int i = 0; i < sim.Length; i++)
            Assert.That(sim.Floats.Data[i], Is.EqualTo(ort.Floats.Data[i]).Within(atol + rtol * Math.Abs(ort.Floats.Data[i])), $"element {i}");
    }

    /// <summary>Conv (+ folded BatchNormalization), Relu, MaxPool, a residual Add, BatchNormalization, Clip, AveragePool,
    /// GlobalAveragePool, Concat, Flatten, Gemm, Softmax.</summary>
    private static OrtGraph FloatCnn()
    {
        var g = new OrtGraph().Input("x", F, 1, 3, 10, 10)
            .Constant("w1", Normal(8 * 3 * 9, 1, 0.5f), 8, 3, 3, 3).Constant("b1", Normal(8, 2), 8)
            .Constant("bn_s", Normal(8, 3, 1f).Select(v => 1 + v / 2).ToArray(), 8).Constant("bn_b", Normal(8, 4), 8)
            .Constant("bn_m", Normal(8, 5), 8).Constant("bn_v", Normal(8, 6).Select(v => 0.5f + Math.Abs(v)).ToArray(), 8)
            .Constant("w2", Normal(8 * 4 * 9, 7, 0.3f), 8, 4, 3, 3)
            .Constant("wfc", Normal(10 * 16, 8, 0.5f), 10, 16).Constant("bfc", Normal(10, 9), 10)
            .Constant("lo", new[] { 0f }).Constant("hi", new[] { 6f });
        g.Node("Conv", ["x", "w1", "b1"], "c1").Ints("pads", 1, 1, 1, 1);
        g.Node("BatchNormalization", ["c1", "bn_s", "bn_b", "bn_m", "bn_v"], "bn1");
        g.Node("Relu", ["bn1"], "r1");
        g.Node("MaxPool", ["r1"], "p1").Ints("kernel_shape", 2, 2).Ints("strides", 2, 2);
        g.Node("Conv", ["p1", "w2"], "c2").Ints("pads", 1, 1, 1, 1).Int("group", 2);
        g.Node("Add", ["p1", "c2"], "add");
        g.Node("BatchNormalization", ["add", "bn_s", "bn_b", "bn_m", "bn_v"], "bn2");
        g.Node("Clip", ["bn2", "lo", "hi"], "clip");
        g.Node("AveragePool", ["clip"], "ap").Ints("kernel_shape", 2, 2).Ints("pads", 0, 0, 1, 1);
        g.Node("GlobalAveragePool", ["ap"], "gap");
        g.Node("Concat", ["gap", "gap"], "cat").Int("axis", 1);
        g.Node("Flatten", ["cat"], "flat");
        g.Node("Gemm", ["flat", "wfc", "bfc"], "fc").Int("transB", 1);
        g.Node("Softmax", ["fc"], "y");
        return g.Output("y", F);
    }

    [Test]
    public void FloatCnnOnTheVectorUnitMatchesOrt()
    {
        var (run, sim, ort) = Both(FloatCnn(), Int8Hw, "float-cnn-int8hw");
        Assert.That(run.Layers.Select(l => l.Name), Does.Contain("c1+bn1"), "the first BatchNormalization folds into its Conv");
        Assert.That(run.Layers.Single(l => l.Name == "bn2").Type, Is.EqualTo("batchnormalization"), "one after an Add stays");
        Assert.That(run.Layers.Where(l => l.Type is "conv" or "gemm").Select(l => l.Unit), Is.All.EqualTo("vector"));
        AssertClose(sim, ort, 1e-5, 1e-4);
    }

    [TestCase("bf16")]
    [TestCase("fp16")]
    public void FloatCnnOnAFloatPeArrayIsWithinTheFormatsError(string format)
    {
        var hw = format == "bf16" ? Bf16Hw : Fp16Hw;
        var (run, sim, ort) = Both(FloatCnn(), hw, "float-cnn-" + format);
        var convs = run.Layers.Where(l => l.Type is "conv" or "gemm").ToList();
        Assert.That(convs.Select(l => l.Unit), Is.All.EqualTo("pe_array"));
        Assert.That(convs.Select(l => l.Format), Is.All.EqualTo($"{format}/fp32/{format}"));
        Assert.That(convs.All(l => l.MaxAbsError > 0), "the error against the fp32 operator is reported");
        AssertClose(sim, ort, format == "bf16" ? 0.05 : 0.01, 0.05);
    }

    [Test]
    public void AReluFusedIntoTheConvBeforeItChangesNoOutput()
    {
        // On one machine the Relu after a conv runs in the conv's output stage (no traffic, no cycles of its own);
        // each node alone on its machine, it runs on the vector unit. The graph's output is the same bit for bit.
        var (network, fused, _) = Both(FloatCnn(), Bf16Hw, "float-cnn-fused");
        var graph = OnnxGraph.Load(Path.Combine(Directory, "float-cnn-fused.onnx"));
        var alone = GraphRunner.Run(new ScenarioConfig("alone", graph.Path, Bf16Hw, 7, new DataSource(0.2, 0), [])
        {
            Graph = graph,
            Execution = new ExecutionConfig(Offload.Layer, Fuse: false),
        });
        var relus = network.Layers.Where(l => l.Type == "relu").ToList();
        Assert.That(relus.Select(l => l.FusedInto), Is.All.Not.Null);
        Assert.That(relus.Sum(l => l.DramBytesRead + l.DramBytesWritten), Is.Zero);
        Assert.That(alone.Layers.Where(l => l.Type == "relu").Select(l => l.FusedInto), Is.All.Null);
        Assert.That(fused.Floats.Data, Is.EqualTo(alone.Outputs[graph.Outputs[0]].Floats.Data));
    }

    /// <summary>MatMul (2-D weights and batched), Reshape, Transpose, Softmax: an attention head pair.</summary>
    private static OrtGraph Attention()
    {
        var g = new OrtGraph().Input("x", F, 2, 4, 6)
            .Constant("wq", Normal(6 * 8, 11, 0.5f), 6, 8).Constant("shape", new long[] { 2, 4, 2, 4 }, 4);
        g.Node("MatMul", ["x", "wq"], "q");
        g.Node("Reshape", ["q", "shape"], "q4");
        g.Node("Transpose", ["q4"], "qh").Ints("perm", 0, 2, 1, 3);
        g.Node("Transpose", ["qh"], "kt").Ints("perm", 0, 1, 3, 2);
        g.Node("MatMul", ["qh", "kt"], "scores");
        g.Node("Softmax", ["scores"], "y").Int("axis", -1);
        return g.Output("y", F);
    }

    [Test]
    public void AttentionMatchesOrtOnBothUnits()
    {
        var (_, sim, ort) = Both(Attention(), Int8Hw, "attention-int8hw", 0);
        AssertClose(sim, ort, 1e-5, 1e-4);
        var (run, simBf16, ortBf16) = Both(Attention(), Bf16Hw, "attention-bf16", 0);
        Assert.That(run.Layers.Single(l => l.Name == "scores").Macs, Is.EqualTo(2L * 2 * 4 * 4 * 4), "a batch of 4 GEMMs");
        AssertClose(simBf16, ortBf16, 0.05, 0.05);
    }

    /// <summary>QuantizeLinear (int8), QLinearConv (per-channel scales, bias), int8 MaxPool and Relu, DequantizeLinear,
    /// Flatten, QuantizeLinear (uint8, zero point 128), QLinearMatMul (uint8 x int8 to uint8).</summary>
    private static OrtGraph Quantised()
    {
        var g = new OrtGraph().Input("x", F, 1, 4, 8, 8)
            .Constant("xs", new[] { 0.02f }).Constant("xz", new sbyte[] { 0 })
            .Constant("w", Ints(6 * 4 * 9, 21, -127, 127, v => (sbyte)v), 6, 4, 3, 3)
            .Constant("ws", Normal(6, 22).Select(v => 0.002f + Math.Abs(v) / 200).ToArray(), 6).Constant("wz", new sbyte[6], 6)
            .Constant("ys", new[] { 0.05f }).Constant("yz", new sbyte[] { -3 })
            .Constant("bias", Ints(6, 23, -2000, 2000, v => v), 6)
            .Constant("ds", new[] { 0.05f }).Constant("dz", new sbyte[] { -3 })
            .Constant("qs", new[] { 0.04f }).Constant("qz", new byte[] { 128 })
            .Constant("b", Ints(6 * 9 * 5, 24, -127, 127, v => (sbyte)v), 54, 5)
            .Constant("bs", new[] { 0.01f }).Constant("bz", new sbyte[] { 0 })
            .Constant("ms", new[] { 0.3f }).Constant("mz", new byte[] { 100 });
        g.Node("QuantizeLinear", ["x", "xs", "xz"], "xq");
        g.Node("QLinearConv", ["xq", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"], "conv").Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 1);
        g.Node("MaxPool", ["conv"], "pool").Ints("kernel_shape", 2, 2).Ints("strides", 1, 1);
        g.Node("Relu", ["pool"], "relu");
        g.Node("DequantizeLinear", ["relu", "ds", "dz"], "deq");
        g.Node("Flatten", ["deq"], "flat");
        g.Node("QuantizeLinear", ["flat", "qs", "qz"], "fq");
        g.Node("QLinearMatMul", ["fq", "qs", "qz", "b", "bs", "bz", "ms", "mz"], "y");
        return g.Output("y", U8);
    }

    [Test]
    public void QuantisedNetworkIsIdenticalToOrt()
    {
        var (run, sim, ort) = Both(Quantised(), Int8Hw, "quantised", 0.1);
        Assert.That(run.Layers.Single(l => l.Name == "conv").Format, Is.EqualTo("int8/int32/int8"));
        Assert.That(run.Layers.Single(l => l.Name == "y").Format, Is.EqualTo("int8/int32/uint8"), "a - 128 fits int8");
        Assert.That(run.Layers.Where(l => l.Type.StartsWith("qlinear")).Select(l => l.Unit), Is.All.EqualTo("pe_array"));
        OrtInt8Exactness.IgnoreOrtIfSaturating(onMlasU8S8Gemm: true); // the QLinearMatMul: uint8 activations, int8 weights
        AssertClose(sim, ort, 0, 0);
    }

    [Test]
    public void ConvIntegerAndMatMulIntegerAreIdenticalToOrt()
    {
        var conv = new OrtGraph().Input("x", U8, 1, 3, 7, 7)
            .Constant("w", Ints(5 * 3 * 9, 31, -128, 127, v => (sbyte)v), 5, 3, 3, 3)
            .Constant("xz", new byte[] { 200 }).Constant("wz", new sbyte[] { 3 });
        conv.Node("ConvInteger", ["x", "w", "xz", "wz"], "y").Ints("strides", 2, 1).Ints("pads", 1, 0, 1, 2);
        conv.Output("y", I32);
        var (run, sim, ort) = Both(conv, Int8Hw, "conv-integer");
        Assert.That(run.Layers[0].Format, Is.EqualTo("int16/int32/int32"), "x - 200 does not fit int8: int16 operands");
        AssertClose(sim, ort, 0, 0);

        var mm = new OrtGraph().Input("a", I8, 1, 40).Constant("b", Ints(40 * 24, 32, -128, 127, v => (sbyte)v), 40, 24)
            .Constant("az", new sbyte[] { 1 }).Constant("bz", new sbyte[] { 0 });
        mm.Node("MatMulInteger", ["a", "b", "az", "bz"], "y");
        mm.Output("y", I32);
        var (run2, sim2, ort2) = Both(mm, Int8Hw, "matmul-integer");
        TestContext.Out.WriteLine($"weights stream: {run2.Layers[0].WeightsStream}");
        AssertClose(sim2, ort2, 0, 0);
    }

    [Test]
    public void PerChannelRequantisationWhenTheMapperStreamsTheWeights()
    {
        // A fully-connected QLinearConv at batch 1 (1x1 spatial): the mapper turns it round.
        var g = new OrtGraph().Input("x", I8, 1, 64, 1, 1)
            .Constant("xs", new[] { 0.05f }).Constant("xz", new sbyte[] { 0 })
            .Constant("w", Ints(48 * 64, 41, -127, 127, v => (sbyte)v), 48, 64, 1, 1)
            .Constant("ws", Normal(48, 42).Select(v => 0.001f + Math.Abs(v) / 100).ToArray(), 48).Constant("wz", new sbyte[48], 48)
            .Constant("ys", new[] { 0.5f }).Constant("yz", new sbyte[] { 5 })
            .Constant("bias", Ints(48, 43, -5000, 5000, v => v), 48);
        g.Node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"], "y");
        g.Output("y", I8);
        var (run, sim, ort) = Both(g, Int8Hw, "fc-per-channel", 0);
        Assert.That(run.Layers[0].WeightsStream, Is.True);
        AssertClose(sim, ort, 0, 0);
    }

    [Test]
    public void AnOperatorOutsideTheListIsRefusedNamingTheNode()
    {
        var g = new OrtGraph().Input("x", F, 1, 4);
        g.Node("Relu", ["x"], "r");
        g.Node("Sin", ["r"], "y", name: "my_sin");
        g.Output("y", F);
        string path = g.Save(Directory, "bad-op");
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"error: {path}: node 'my_sin': operator Sin is not supported; supported operators: Conv, Gemm"));
        var hw = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../configs/ws-16x16-int8.yaml"));
        var (exit, _, stderr) = SimProcess.Run(Environment.CurrentDirectory, ["run", path, "--hw", hw, "--out", Path.Combine(Directory, "bad-op-report")]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Does.StartWith($"error: {path}: node 'my_sin': operator Sin is not supported"));
        Assert.That(stderr, Does.Not.Contain(" at "), "no stack trace");
    }

    [TestCase(0f, "0")]
    [TestCase(-0.5f, "-0.5")]
    [TestCase(float.NaN, "NaN")]
    [TestCase(float.PositiveInfinity, "Infinity")]
    public void AQuantisationScaleThatIsNotPositiveAndFiniteIsBadInput(float scale, string shown)
    {
        var g = new OrtGraph().Input("x", F, 1, 4).Constant("s", new[] { scale }).Constant("z", new sbyte[] { 0 });
        g.Node("QuantizeLinear", ["x", "s", "z"], "y", name: "quant");
        g.Output("y", I8);
        string path = g.Save(Directory, $"bad-scale-{shown}");
        var hw = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../configs/ws-16x16-int8.yaml"));
        var (exit, _, stderr) = SimProcess.Run(Environment.CurrentDirectory, ["run", path, "--hw", hw, "--out", Path.Combine(Directory, $"bad-scale-{shown}-report")]);
        Assert.That(exit, Is.EqualTo(2));
        // Found when the node runs, and still reported with the model's file.
        Assert.That(stderr.Trim(), Is.EqualTo($"error: {path}: node 'quant (QuantizeLinear)': y_scale must be positive and finite, got {shown}"));
    }

    [Test]
    public void ABatchNormalizationWithTooFewOrMissingParametersIsBadInput()
    {
        // Three channels, but a scale of two values; then no variance at all. Neither follows a Conv, so neither folds.
        var g = new OrtGraph().Input("x", F, 1, 3, 4, 4).Constant("s", new[] { 1f, 2f }, 2).Constant("b", new float[3], 3)
            .Constant("m", new float[3], 3).Constant("v", new[] { 1f, 1f, 1f }, 3);
        g.Node("BatchNormalization", ["x", "s", "b", "m", "v"], "y", name: "bn");
        g.Output("y", F);
        string path = g.Save(Directory, "bn-short");
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"error: {path}: node 'bn (BatchNormalization)': scale is float[2]; expected float[3], one value per channel of X"));

        var h = new OrtGraph().Input("x", F, 1, 3, 4, 4).Constant("s", new float[3], 3).Constant("b", new float[3], 3).Constant("m", new float[3], 3);
        h.Node("BatchNormalization", ["x", "s", "b", "m"], "y", name: "bn");
        h.Output("y", F);
        path = h.Save(Directory, "bn-missing");
        e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"error: {path}: node 'bn (BatchNormalization)': input 4 is required"));
    }

    [Test]
    public void APoolPadAsLargeAsItsKernelIsBadInput()
    {
        var g = new OrtGraph().Input("x", F, 1, 2, 6, 6);
        g.Node("MaxPool", ["x"], "y", name: "pool").Ints("kernel_shape", 2, 2).Ints("pads", 2, 0, 0, 0);
        g.Output("y", F);
        string path = g.Save(Directory, "pool-pad");
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"error: {path}: node 'pool (MaxPool)': pads [2,0,0,0] must each be smaller than the kernel (2x2): a window over padding alone has no input"));
    }

    [Test]
    public void TruncatedOrCorruptFilesAreClearErrors()
    {
        var bytes = FloatCnn().Serialize();
        string truncated = Path.Combine(Directory, "truncated.onnx");
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InputError>(() => OnnxGraph.Load(truncated))!;
        Assert.That(e.Message, Does.Contain("truncated.onnx").And.Contain("not a valid ONNX model"));

        string garbage = Path.Combine(Directory, "garbage.onnx");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray());
        Assert.Throws<InputError>(() => OnnxGraph.Load(garbage));
        var hw = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../configs/ws-16x16-int8.yaml"));
        var (exit, _, stderr) = SimProcess.Run(Environment.CurrentDirectory, ["run", truncated, "--hw", hw]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("is not a valid ONNX model").And.Not.Contain(" at "));
    }

    [Test]
    public void AScenarioMayNameAModel()
    {
        string model = FloatCnn().Save(Directory, "scenario-model");
        string hw = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../configs/ws-16x16-int8.yaml"));
        string yaml = Path.Combine(Directory, "model-scenario.yaml");
        File.WriteAllText(yaml, $"name: model-scenario\nhardware: {hw}\nseed: 3\nmodel: scenario-model.onnx\n");
        var s = ScenarioLoader.Load(yaml);
        Assert.That(s.Graph!.Nodes, Has.Count.EqualTo(13));
        Assert.That(s.Describe, Is.EqualTo("model scenario-model.onnx (13 nodes)"));

        File.WriteAllText(yaml, $"name: m\nhardware: {hw}\nmodel: missing.onnx\n");
        var e = Assert.Throws<InputError>(() => ScenarioLoader.Load(yaml))!;
        Assert.That(e.Message, Is.EqualTo($"{yaml}:3:8: error: model: 'missing.onnx' (resolved to '{Path.Combine(Directory, "missing.onnx")}'): no such file"));

        File.WriteAllText(yaml, $"name: m\nhardware: {hw}\nmodel: scenario-model.onnx\nlayers: []\n");
        e = Assert.Throws<InputError>(() => ScenarioLoader.Load(yaml))!;
        Assert.That(e.Message, Does.Contain(":4:1: error: layers: a scenario runs either layers or a model"));

        var bad = new OrtGraph().Input("x", F, 1, 4);
        bad.Node("Sin", ["x"], "y");
        bad.Output("y", F).Save(Directory, "scenario-bad");
        File.WriteAllText(yaml, $"name: m\nhardware: {hw}\nmodel: scenario-bad.onnx\n");
        e = Assert.Throws<InputError>(() => ScenarioLoader.Load(yaml))!;
        Assert.That(e.Message, Does.StartWith($"{yaml}:3:8: error: model: {Path.Combine(Directory, "scenario-bad.onnx")}: node 'y': operator Sin is not supported"));
    }
}
