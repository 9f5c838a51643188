using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sim.Config;
using Sim.Datasets;
using Sim.Networks;
using Sim.Tests.Config;
using Sim.Training;

namespace Sim.Tests.Networks;

/// <summary>
/// A CNN trained here on Fashion-MNIST (20,000 images, one epoch: seconds), quantised to int8, run on all
/// 10,000 test images by the golden model, the simulated accelerator (fast PE-array model, vector unit) and
/// ONNX Runtime on the written ONNX file.
/// </summary>
[TestFixture, NonParallelizable]
public class FashionMnistEndToEndTests
{
    private const int Seed = 1, TrainImages = 20_000;

    private LabelledImages _test = null!;
    private SmallCnn _net = null!;
    private QuantizedCnn _q = null!;
    private FashionMnistEvaluation _eval = null!;
    private string _onnx = null!;

    [OneTimeSetUp]
    public void TrainAndEvaluate()
    {
        Assert.That(FashionMnist.IsInstalled(), $"Fashion-MNIST is not in {FashionMnist.Directory}: run 'bash .ci/setup' (Debian's dataset-fashion-mnist)");
        var train = FashionMnist.Train();
        _test = FashionMnist.Test();
        var trained = Trainer.Train(train, new TrainingOptions(Seed, Epochs: 1, TrainImages: TrainImages));
        TestContext.Progress.WriteLine($"trained on {TrainImages:N0} images in {trained.Seconds:F1} s");
        _net = trained.Network;
        _q = QuantizedCnn.FromFloat(_net, train);
        _onnx = Path.Combine(Path.GetTempPath(), $"sim-fmnist-{Environment.ProcessId}.onnx");
        CnnOnnxModel.Save(_q, _onnx);
        var hw = HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"));
        _eval = FashionMnistEvaluation.Run(_net, _q, _test, hw, batch: 10_000);
        TestContext.Progress.WriteLine($"float {_eval.FloatAccuracy:P2}, int8 golden {_eval.GoldenAccuracy:P2}, accelerator {_eval.AcceleratorAccuracy:P2}, " +
                                       $"evaluated in {_eval.Seconds:F1} s");
    }

    [OneTimeTearDown]
    public void RemoveModel()
    {
        if (_onnx != null && File.Exists(_onnx)) File.Delete(_onnx);
    }

    [Test]
    public void AcceleratorLogitsEqualTheGoldenModelsOnEveryTestImage()
    {
        Assert.That(_eval.Images, Is.EqualTo(10_000));
        Assert.That(_eval.LogitsEqual, Is.EqualTo(10_000), "images whose ten int8 logits match");
        Assert.That(_eval.AcceleratorPredictions, Is.EqualTo(_eval.GoldenPredictions));
    }

    [Test]
    public void Int8AccuracyIsWithinOnePointOfFloat()
    {
        Assert.That(_eval.FloatAccuracy, Is.GreaterThan(0.75), "the float model learned");
        Assert.That(Math.Abs(_eval.GoldenAccuracy - _eval.FloatAccuracy), Is.LessThanOrEqualTo(0.01));
    }

    [TestCase(GraphOptimizationLevel.ORT_DISABLE_ALL)]
    [TestCase(GraphOptimizationLevel.ORT_ENABLE_ALL)]
    public void OnnxRuntimeOnTheSavedModelPredictsAsTheAcceleratorOnEveryTestImage(GraphOptimizationLevel level)
    {
        var ort = RunOnnxRuntime(level);
        var golden = _eval.GoldenLogits;
        int logitsDiffering = 0, imagesDiffering = 0, predictionsDiffering = 0;
        var ortPredictions = new int[_eval.Images];
        for (int i = 0; i < _eval.Images; i++)
        {
            bool same = true;
            int best = 0;
            for (int c = 0; c < SmallCnn.Classes; c++)
            {
                int k = i * SmallCnn.Classes + c;
                // DequantizeLinear: q x scale in float32, so equal int8 logits give equal floats.
                if (ort[k] != golden[k] * _q.LogitScale) { logitsDiffering++; same = false; }
                if (ort[k] > ort[i * SmallCnn.Classes + best]) best = c;
            }
            ortPredictions[i] = best;
            if (!same) imagesDiffering++;
            if (best != _eval.AcceleratorPredictions[i]) predictionsDiffering++;
        }
        TestContext.Out.WriteLine($"ONNX Runtime ({level}) vs golden/accelerator: {logitsDiffering} of {golden.Length} logits differ " +
                                  $"(on {imagesDiffering} images), {predictionsDiffering} predictions differ");
        Assert.That(predictionsDiffering, Is.Zero, "predictions differing between ONNX Runtime and the accelerator");
        Assert.That(ortPredictions, Is.EqualTo(_eval.GoldenPredictions));
    }

    /// <summary>The saved ONNX file on ONNX Runtime's CPU provider, all test images as one batch; float logits [10000 x 10].</summary>
    private float[] RunOnnxRuntime(GraphOptimizationLevel level)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = level, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(_onnx, options);
        var input = GoldenCnn.Input(_test, 0, _test.Count);
        using var x = OrtValue.CreateTensorValueFromMemory(input.Data, input.Shape.Select(d => (long)d).ToArray());
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["image"], [x], ["logits"]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        Assert.That(shape, Is.EqualTo(new long[] { _test.Count, SmallCnn.Classes }));
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Test]
    public void AcceleratorReportsCyclesLatencyAndEnergyPerImage()
    {
        var t = _eval.Throughput;
        var l = _eval.Latency;
        Assert.Multiple(() =>
        {
            Assert.That(t.Cycles, Is.GreaterThan(0));
            Assert.That(t.EnergyPj, Is.GreaterThan(0));
            Assert.That(l.Cycles, Is.GreaterThan(t.Cycles), "one image alone pays the weights and the link for itself");
            Assert.That(_eval.LayerRows().Select(r => r.Name),
                Is.EqualTo(new[] { "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "fc1", "relu3", "fc2" }));
            // MACs per image: conv1 26x26x9x8, conv2 11x11x72x16, fc1 400x64, fc2 64x10.
            Assert.That(_eval.LayerRows().Sum(r => r.Macs), Is.EqualTo(26 * 26 * 9 * 8 + 11 * 11 * 72 * 16 + 400 * 64 + 64 * 10));
        });
    }
}
