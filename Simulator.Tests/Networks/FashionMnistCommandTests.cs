using System.Text.Json;
using Onnx;
using Sim.Cli;
using Sim.Datasets;
using Sim.Networks;
using Sim.Tests.Config;
using Sim.Training;

namespace Sim.Tests.Networks;

public class FashionMnistCommandTests
{
    [Test]
    public void SmallRunPrintsAndWritesTheReportAndTheOnnxModel()
    {
        Assert.That(FashionMnist.IsInstalled(), $"Fashion-MNIST is not in {FashionMnist.Directory}: run 'bash .ci/setup'");
        string dir = Path.Combine(Path.GetTempPath(), $"sim-train-{Environment.ProcessId}");
        try
        {
            var stdout = new StringWriter();
            int code = TrainCommand.Execute(new TrainingOptions(Seed: 2, Epochs: 1, TrainImages: 600), testImages: 300, batch: 100,
                Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"), dir, stdout, TextWriter.Null);
            Assert.That(code, Is.Zero, stdout.ToString());
            Assert.That(stdout.ToString(), Does.Contain("accelerator = golden model: logits on 300 of 300 images"));
            Assert.That(stdout.ToString(), Does.Contain("one image alone: latency"));

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            var root = json.RootElement;
            Assert.That(root.GetProperty("test_images").GetInt32(), Is.EqualTo(300));
            Assert.That(root.GetProperty("accelerator_vs_golden").GetProperty("images_with_equal_logits").GetInt32(), Is.EqualTo(300));
            Assert.That(root.GetProperty("per_image_batched").GetProperty("cycles").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("single_image").GetProperty("latency_seconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("accuracy").GetProperty("int8_accelerator").GetDouble(), Is.GreaterThan(0.3));

            var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(dir, "fashion-mnist-int8.onnx")));
            Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[]
            {
                "QuantizeLinear", "QLinearConv", "Relu", "MaxPool", "QLinearConv", "Relu", "MaxPool",
                "QLinearConv", "Relu", "QLinearConv", "DequantizeLinear", "Flatten",
            }));
            Assert.That(new FileInfo(Path.Combine(dir, "fashion-mnist-int8.onnx")).Length, Is.LessThan(200_000));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void BadArgumentsAreInputErrors()
    {
        Assert.That(() => TrainCommand.Execute(new TrainingOptions(Epochs: 0), null, 10, "x.yaml", "out", TextWriter.Null, TextWriter.Null),
            Throws.TypeOf<Sim.Config.InputError>().With.Message.Contains("--epochs"));
        Assert.That(() => TrainCommand.Execute(new TrainingOptions(), null, 10, "/nonexistent/hw.yaml", "out", TextWriter.Null, TextWriter.Null),
            Throws.TypeOf<Sim.Config.InputError>().With.Message.Contains("--hw"));
    }
}
