using Sim.Config;
using Sim.Onnx.Import;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Run;

namespace Sim.Tests.Graph;

/// <summary>A scenario's batch fills an ONNX graph input's symbolic batch dimension; a graph without one refuses it.</summary>
public class SymbolicBatchTests
{
    private const int F = 1;
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-batch-tests-" + Environment.ProcessId);

    private static OrtGraph MatMulRelu(bool symbolic)
    {
        var g = new OrtGraph().Input("x", F, 1, 8);
        if (symbolic) g.SymbolicBatch();
        var w = Enumerable.Range(0, 8 * 4).Select(i => (float)((i * 7 % 11) - 5) / 8).ToArray();
        g.Constant("w", w, 8, 4);
        g.Node("MatMul", ["x", "w"], "y");
        g.Node("Relu", ["y"], "z");
        return g.Output("z", F);
    }

    [Test]
    public void TheSymbolicBatchDimensionTakesTheBatch()
    {
        string path = MatMulRelu(symbolic: true).Save(Directory, "symbolic");
        var graph = OnnxGraph.Load(path, batch: 4);
        Assert.That(graph.Inputs[0].Shape.Shape, Is.EqualTo(new[] { 4, 8 }));
        Assert.That(graph.Shapes["z"].Shape, Is.EqualTo(new[] { 4, 4 }));
        var scenario = new ScenarioConfig("b", path, TestScenarios.Array16() with { NumberFormat = Sim.Numerics.ElementFormat.Bf16,
            Accumulator = Sim.Numerics.ElementFormat.Fp32 }, 7, new DataSource(0, 0), []) { Graph = graph, Batch = 4 };
        var run = GraphRunner.Run(scenario);
        Assert.That(run.AllBitExact, Is.True);
        Assert.That(run.Batch, Is.EqualTo(4));
        Assert.That(run.Outputs["z"].Shape, Is.EqualTo(new[] { 4, 4 }));
    }

    [Test]
    public void APipelinedGraphComputesWhatASplitOneDoes()
    {
        string path = MatMulRelu(symbolic: true).Save(Directory, "pipelined");
        var graph = OnnxGraph.Load(path, batch: 4);
        var split = new ScenarioConfig("b", path, TestScenarios.Array16() with { NumberFormat = Sim.Numerics.ElementFormat.Bf16,
            Accumulator = Sim.Numerics.ElementFormat.Fp32, Cores = 2 }, 7, new DataSource(0, 0), []) { Graph = graph, Batch = 4 };
        var one = GraphRunner.Run(split);
        var pipelined = GraphRunner.Run(split with { Execution = ExecutionConfig.Default with { Pipeline = true } });
        Assert.That(pipelined.AllBitExact, Is.True);
        Assert.That(pipelined.Outputs["z"].Sha256(), Is.EqualTo(one.Outputs["z"].Sha256()));
        // The ReLU runs in the MatMul's output stage: one layer, so one stage (on core 0), four inferences through it.
        Assert.That((pipelined.Pipeline!.StageCount, pipelined.Pipeline.LatencyCycles.Count), Is.EqualTo((1, 4)));
    }

    [Test]
    public void AFixedBatchRefusesAnother()
    {
        string path = MatMulRelu(symbolic: false).Save(Directory, "fixed");
        Assert.That(OnnxGraph.Load(path).Inputs[0].Shape.Shape, Is.EqualTo(new[] { 1, 8 }));
        Assert.That(() => OnnxGraph.Load(path, batch: 2), Throws.TypeOf<InputError>().With.Message.Contains(
            "no graph input has a symbolic batch (first) dimension, so the graph runs at its own batch, not 2"));
    }
}
