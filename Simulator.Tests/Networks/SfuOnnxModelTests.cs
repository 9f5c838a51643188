using Sim.Networks;
using Sim.Onnx.Import;
using Sim.Tests.Config;

namespace Sim.Tests.Networks;

/// <summary>
/// The LUT sweep's model (scenarios/sweeps/sfu-operators.onnx) is what <see cref="SfuOnnxModel"/> writes, byte for byte, so
/// the committed file cannot drift from its code. After changing the writer, regenerate the file with
/// <c>SIM_UPDATE_MODELS=1 dotnet test Simulator.Tests -c Release --filter FullyQualifiedName~SfuOnnxModelTests</c>.
/// </summary>
public class SfuOnnxModelTests
{
    private static string Committed => Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "sweeps", "sfu-operators.onnx");

    [Test]
    public void TheCommittedModelIsWhatTheWriterWrites()
    {
        byte[] written = SfuOnnxModel.Bytes();
        if (Environment.GetEnvironmentVariable("SIM_UPDATE_MODELS") == "1")
            File.WriteAllBytes(Committed, written);
        Assert.That(File.ReadAllBytes(Committed), Is.EqualTo(written),
            "scenarios/sweeps/sfu-operators.onnx differs from SfuOnnxModel's bytes; regenerate it with SIM_UPDATE_MODELS=1 (see this class)");
        Assert.That(SfuOnnxModel.Bytes(), Is.EqualTo(written), "two writes give the same bytes");
    }

    [Test]
    public void ItIsSmallAndHoldsEveryOperatorTheSfuRuns()
    {
        Assert.That(new FileInfo(Committed).Length, Is.LessThan(4096));
        var graph = OnnxGraph.Load(Committed);
        Assert.That(graph.Opset, Is.EqualTo(20));
        Assert.That(graph.Nodes.Select(n => n.OpType), Is.EquivalentTo(new[] { "Exp", "Sigmoid", "Tanh", "Gelu", "Softmax", "LayerNormalization" }));
        Assert.That(graph.Outputs, Has.Count.EqualTo(6));
    }
}
