using Google.Protobuf;
using Onnx;
using Sim.Tests.Config;
using Sim.Tests.Graph;

namespace Sim.Tests.Robustness;

/// <summary>
/// A small quantised CNN, written as an ONNX file and mutated (<see cref="OnnxMutator"/>), run with <c>sim run</c> on
/// the 16x16 hardware: each mutant is refused with one error line that names the model file, or (a cut that protobuf
/// still parses) runs. The budget and seed are <see cref="MutationBudget"/>'s.
/// </summary>
[NonParallelizable]
public class OnnxMutationTests
{
    private const int Float = 1, Int8 = 3;

    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();

    [TearDown] public void TearDown() => _dir.Dispose();

    /// <summary>Conv, Relu, a BatchNormalization that does not fold (it follows the Relu), QuantizeLinear, DequantizeLinear.</summary>
    private static ModelProto Model()
    {
        var g = new OrtGraph().Input("x", Float, 1, 3, 6, 6)
            .Constant("w", Enumerable.Range(0, 4 * 3 * 9).Select(i => (i % 7 - 3) / 8f).ToArray(), 4, 3, 3, 3)
            .Constant("b", new[] { 0.1f, -0.2f, 0.3f, 0f }, 4)
            .Constant("bn_s", new[] { 1f, 0.5f, 2f, 1f }, 4).Constant("bn_b", new[] { 0f, 0.1f, 0f, -0.1f }, 4)
            .Constant("bn_m", new[] { 0.2f, 0f, 0.1f, 0f }, 4).Constant("bn_v", new[] { 1f, 2f, 0.5f, 1f }, 4)
            .Constant("qs", new[] { 0.05f }).Constant("qz", new sbyte[] { 0 });
        g.Node("Conv", ["x", "w", "b"], "c").Ints("pads", 1, 1, 1, 1);
        g.Node("Relu", ["c"], "r");
        g.Node("BatchNormalization", ["r", "bn_s", "bn_b", "bn_m", "bn_v"], "bn");
        g.Node("QuantizeLinear", ["bn", "qs", "qz"], "q");
        g.Node("DequantizeLinear", ["q", "qs", "qz"], "y");
        return ModelProto.Parser.ParseFrom(g.Output("y", Float).Serialize());
    }

    [Test]
    public void EveryMutantIsRefusedInOneLineNamingTheModelOrRuns()
    {
        var model = Model();
        string file = Path.Combine(_dir.Root, "model.onnx");
        File.WriteAllBytes(file, model.ToByteArray());
        string[] args = ["run", file, "--hw", Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml"), "--out", Path.Combine(_dir.Root, "report")];
        Assert.That(InProcessSim.Run(args, MutantVerdict.Timeout).Exit, Is.Zero, "the model itself runs");

        var tally = new MutationTally();
        var mutants = OnnxMutator.Mutants(model, new Random(MutationTally.SeedFor("model.onnx")), 2 * MutationBudget.PerClass);
        tally.Run(file, mutants.ToList(), args, [new ErrorPlace(file, Positioned: false)]);
        TestContext.Out.WriteLine($"model.onnx: {tally}");
        Assert.That(tally.Failures, Is.Empty, $"seed {MutationBudget.Seed}, budget {MutationBudget.PerClass}");
    }
}
