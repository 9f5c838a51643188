using Google.Protobuf;
using Onnx;
using Sim.Config;
using Sim.Graph;
using Sim.Networks;
using Sim.Onnx.Import;
using Sim.Operators;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;
using Sim.Tests.Graph;

namespace Sim.Tests.Networks;

/// <summary>
/// The float networks Sim writes itself (<see cref="BertEncoderModel"/>, <see cref="MobileNetV3BlockModel"/>) on the
/// example bf16 hardware with a special-function unit: every node on the PE array, the vector unit or the SFU, each
/// bit-exact against the golden model; node by node within its stated error of ONNX Runtime run on the same inputs
/// (<see cref="NodeErrorBound"/>); and the whole graph's distance from ONNX Runtime's fp32 run.
/// </summary>
[TestFixture]
public class BuiltModelTests
{
    /// <summary>A small BERT layer (4 heads of 16, FFN 256, 16 tokens): every operator of BERT-base, in a second.</summary>
    private static readonly BertDims SmallBert = new(64, 4, 256, 16);

    private static readonly MobileNetV3BlockDims SmallBlock = new(16, 48, 12, 7, 3);

    private static HardwareConfig Hw => HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-bf16-sfu.yaml"));

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "sim-built-models-" + Environment.ProcessId);

    private static OnnxGraph Load(ModelProto model, string name)
    {
        Directory.CreateDirectory(Folder);
        string path = Path.Combine(Folder, name + ".onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return OnnxGraph.Load(path);
    }

    [Test]
    public void BertBaseHasBertBaseParameters()
    {
        // Devlin et al. 2019: per layer, Q, K, V and the output projection 768 x 768 with biases, the FFN 768 x 3072 and
        // back with biases, two LayerNorms of 768 (gamma and beta): 7,087,872. The three others are Reshape's two shapes
        // and the attention scale.
        var model = BertEncoderModel.Build(BertDims.Base, 1);
        long parameters = model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (p, d) => p * d));
        Assert.That(parameters, Is.EqualTo(4 * (768 * 768 + 768) + 768 * 3072 + 3072 + 3072 * 768 + 768 + 4 * 768 + 4 + 3 + 1));
    }

    [Test]
    public void SameSeedSameBytes() =>
        Assert.That(BertEncoderModel.Build(SmallBert, 3).ToByteArray(), Is.EqualTo(BertEncoderModel.Build(SmallBert, 3).ToByteArray()));

    [Test]
    public void BertLayerRunsOnHardwareBitExact()
    {
        var run = Run(BertEncoderModel.Build(SmallBert, 1), "bert");
        // Q, K, V, the scores, the context, the output projection and the FFN's two: 8 matrix products.
        Assert.That(run.Layers.Where(l => l.Type == "matmul").Select(l => l.Unit).ToList(), Has.Count.EqualTo(8).And.All.EqualTo("pe_array"));
        Assert.That(run.Layers.Where(l => l.Type is "softmax" or "layernormalization" or "gelu").Select(l => l.Unit).ToList(),
            Has.Count.EqualTo(4).And.All.EqualTo("sfu"));
        Assert.That(run.Layers.Where(l => l.Type is "add" or "div" or "transpose").Select(l => l.Unit), Is.All.EqualTo("vector"));
    }

    [Test]
    public void MobileNetV3BlockRunsOnHardwareBitExact()
    {
        var run = Run(MobileNetV3BlockModel.Build(SmallBlock, 1), "mobilenetv3");
        Assert.That(run.Layers.Where(l => l.Type == "conv").Select(l => l.Unit).ToList(), Has.Count.EqualTo(5).And.All.EqualTo("pe_array"));
        Assert.That(run.Layers.Single(l => l.Type == "sigmoid").Unit, Is.EqualTo("sfu"));
        Assert.That(run.Layers.Where(l => l.Type is "hardswish" or "mul" or "add" or "globalaveragepool").Select(l => l.Unit), Is.All.EqualTo("vector"));
    }

    private static RunSummary Run(ModelProto model, string name)
    {
        var graph = Load(model, name);
        var scenario = new ScenarioConfig(name, graph.Path, Hw, 7, new DataSource(0, 0), []) { Graph = graph };
        var run = GraphRunner.Run(scenario);
        foreach (var l in run.Layers)
            TestContext.Out.WriteLine($"{l.Name,-16} {l.Type,-20} {l.Unit,-9} cycles {l.Cycles,8} exact {l.BitExact} err {l.MaxAbsError:G3}");
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty, "every node equals its golden model");
        // A Relu after a convolution runs in its output stage.
        Assert.That(run.Layers.Select(l => l.Unit), Is.All.AnyOf("pe_array", "vector", "sfu", "output_stage"));
        return run;
    }

    /// <summary>
    /// The whole layer against ONNX Runtime's fp32 run of the same model: the errors of the nodes add up (bf16 operands and
    /// outputs of every matrix product, the tables), so this holds the run to the figure the README states, not a derived bound.
    /// </summary>
    [Test]
    public void BertLayerEndToEndNearOnnxRuntime() => EndToEnd(BertEncoderModel.Build(SmallBert, 1), "bert-e2e", 0.1);

    /// <summary>The full BERT-base layer (931 M MACs, about 15 s): what the README's figure is measured on.</summary>
    [Test]
    public void BertBaseEndToEndNearOnnxRuntime() => EndToEnd(BertEncoderModel.Build(BertDims.Base, 1), "bert-base-e2e", 0.1);

    [Test]
    public void MobileNetV3BlockEndToEndNearOnnxRuntime() => EndToEnd(MobileNetV3BlockModel.Build(SmallBlock, 1), "mobilenetv3-e2e", 0.1);

    private static void EndToEnd(ModelProto model, string name, double stated)
    {
        var graph = Load(model, name);
        var scenario = new ScenarioConfig(name, graph.Path, Hw, 7, new DataSource(0, 0), []) { Graph = graph };
        var inputs = GraphInputs.Make(graph, 7, 0, null).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var sim = GraphRunner.Run(scenario).Outputs[graph.Outputs[0]].Floats;
        var ort = OrtGraph.RunOrt(model.ToByteArray(), [.. inputs.Keys], graph.Outputs[0], inputs).Floats;
        double worst = Enumerable.Range(0, ort.Length).Max(i => Math.Abs((double)sim.Data[i] - ort.Data[i]));
        double scale = Math.Sqrt(ort.Data.Average(v => (double)v * v));
        TestContext.Out.WriteLine($"{name}: largest difference from ONNX Runtime {worst:G3}, output RMS {scale:G3}");
        Assert.That(worst, Is.LessThanOrEqualTo(stated * scale));
    }

    [Test]
    public void BertLayerNodeByNodeWithinItsBoundOfOnnxRuntime() => NodeByNode(BertEncoderModel.Build(SmallBert, 1), "bert-nodes");

    [Test]
    public void MobileNetV3BlockNodeByNodeWithinItsBoundOfOnnxRuntime() => NodeByNode(MobileNetV3BlockModel.Build(SmallBlock, 1), "mobilenetv3-nodes");

    /// <summary>
    /// Each node as the hardware runs it, against ONNX Runtime running that node alone on the same inputs (the hardware's
    /// outputs of the nodes before it), within <see cref="NodeErrorBound"/>: so each node's error is held to its own
    /// statement, and errors carried in from earlier nodes do not hide in a loose end-to-end tolerance.
    /// </summary>
    private static void NodeByNode(ModelProto model, string name)
    {
        var hw = Hw;
        var graph = Load(model, name);
        var values = new Dictionary<string, GraphValue>(graph.Constants, StringComparer.Ordinal);
        foreach (var (input, value) in GraphInputs.Make(graph, 7, 0, null)) values[input] = value;
        foreach (var node in graph.Nodes)
        {
            var step = GraphRunner.RunNode(new NodeContext(hw, node.Name, graph.Opset), node, values);
            var inputs = Enumerable.Range(0, node.Inputs.Length).Select(i => node.Input(i) is { } n ? values[n] : null).ToList();
            var ort = OneNode(node, graph, inputs).Floats;
            var y = step.Output.Floats;
            Assert.That(y.Shape, Is.EqualTo(ort.Shape), node.Name);
            var allowed = NodeErrorBound.For(node, hw, inputs, ort);
            double worst = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double error = Math.Abs((double)y.Data[i] - ort.Data[i]), limit = allowed(i);
                if (!(error <= limit))
                    Assert.Fail($"{node.Describe}: at {y.IndexText(i)} sim {y.Data[i]:R}, ORT {ort.Data[i]:R} (allowed {limit:G3})");
                if (limit > 0) worst = Math.Max(worst, error / limit);
            }
            TestContext.Out.WriteLine($"{node.Name,-16} {node.OpType,-20} {worst,7:P1} of its bound");
            values[node.Output] = step.Output;
        }
    }

    /// <summary>ONNX Runtime on one node of <paramref name="graph"/>: constants as initializers, the rest fed.</summary>
    private static GraphValue OneNode(GraphNode node, OnnxGraph graph, IReadOnlyList<GraphValue?> inputs)
    {
        var g = new OrtGraph().Opset((int)graph.Opset);
        var feeds = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (node.Input(i) is not { } n || inputs[i] is not { } v) continue;
            if (graph.Constants.ContainsKey(n))
            {
                if (v.Type == GraphElementType.Int64) g.Constant(n, v.Ints.Data.Select(d => (long)d).ToArray(), v.Shape);
                else g.Constant(n, v.Floats.Data, v.Shape);
            }
            else if (feeds.TryAdd(n, v)) g.Input(n, 1, v.Shape);
        }
        g.Node(node.OpType, node.Inputs, node.Output).Attribute.Add(node.Proto.Attribute);
        g.Output(node.Output, 1);
        return g.RunOrt(feeds);
    }
}
