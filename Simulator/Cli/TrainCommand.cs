using System.CommandLine;
using Sim.Config;
using Sim.Datasets;
using Sim.Networks;
using Sim.Training;

namespace Sim.Cli;

/// <summary>
/// `sim train fashion-mnist [--seed N] [--epochs E] [--out DIR]`: trains the small CNN on Fashion-MNIST,
/// quantises it to int8, writes it as ONNX, and runs the test images on the float model, the golden model and
/// the simulated accelerator; prints accuracies and cycles, latency and energy per image, and writes them to
/// DIR/summary.json.
/// </summary>
internal static class TrainCommand
{
    public const string DefaultHardware = "configs/ws-32x32-int8.yaml";

    public static Command Create() => new("train", "Train a network, quantise it to int8 and run it on the simulated accelerator")
    {
        FashionMnistCommand(),
    };

    private static Command FashionMnistCommand()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and the shuffles", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images", DefaultValueFactory = _ => 4 };
        var trainImages = new Option<int?>("--train-images") { Description = "Train on the first N training images (default: all 60,000)" };
        var testImages = new Option<int?>("--test-images") { Description = "Evaluate the first N test images (default: all 10,000)" };
        var batch = new Option<int>("--batch") { Description = "Images per accelerator run (the GEMMs' M)", DefaultValueFactory = _ => 10_000 };
        var hw = new Option<string>("--hw") { Description = "Hardware YAML (int8)", DefaultValueFactory = _ => DefaultHardware };
        var output = new Option<string>("--out") { Description = "Directory for summary.json and the ONNX model", DefaultValueFactory = _ => "reports/fashion-mnist" };
        var command = new Command("fashion-mnist", "Train the small CNN on Fashion-MNIST, quantise it, run the test set on the accelerator")
        {
            seed, epochs, trainImages, testImages, batch, hw, output,
        };
        command.SetAction(parse => Execute(
            new TrainingOptions(parse.GetValue(seed), parse.GetValue(epochs), parse.GetValue(trainImages)),
            parse.GetValue(testImages), parse.GetValue(batch), parse.GetValue(hw)!, parse.GetValue(output)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(TrainingOptions options, int? testImages, int batch, string hwPath, string outDir, TextWriter stdout, TextWriter stderr)
    {
        if (options.Epochs < 1) throw new InputError($"--epochs: expected a positive number, got {options.Epochs}");
        if (options.TrainImages is < 1) throw new InputError($"--train-images: expected a positive number, got {options.TrainImages}");
        if (testImages is < 1) throw new InputError($"--test-images: expected a positive number, got {testImages}");
        if (batch < 1) throw new InputError($"--batch: expected a positive number, got {batch}");
        InputPath.RequireFile(hwPath, "a hardware configuration file", $"--hw {hwPath}");
        var hw = HardwareLoader.Load(hwPath);
        var train = FashionMnist.Train();
        var test = FashionMnist.Test().Take(testImages);

        stderr.WriteLine($"training on {Plural.Of(train.Take(options.TrainImages).Count, "image", "N0")}, {Plural.Of(options.Epochs, "epoch")}, seed {options.Seed}...");
        var trained = Trainer.Train(train, options, stderr.WriteLine);
        var q = QuantizedCnn.FromFloat(trained.Network, train);
        Directory.CreateDirectory(outDir);
        string onnx = Path.Combine(outDir, "fashion-mnist-int8.onnx");
        CnnOnnxModel.Save(q, onnx);
        trained.Network.Save(Path.Combine(outDir, "float-weights.bin"));

        var e = FashionMnistEvaluation.Run(trained.Network, q, test, hw, batch, stderr.WriteLine);
        File.WriteAllText(Path.Combine(outDir, "summary.json"), e.ToJson(options, trained.Seconds, q, onnx));
        Print(e, trained.Seconds, hw, stdout);
        stdout.WriteLine($"wrote {Path.Combine(outDir, "summary.json")} and {onnx}");
        if (e.LogitsEqual != e.Images)
        {
            stderr.WriteLine($"error: the accelerator's logits differ from the golden model's on {e.Images - e.LogitsEqual} of {e.Images} images");
            return 1;
        }
        return 0;
    }

    private static void Print(FashionMnistEvaluation e, double trainingSeconds, HardwareConfig hw, TextWriter o)
    {
        o.WriteLine($"Fashion-MNIST, {e.Images:N0} test images; trained in {trainingSeconds:F1} s");
        o.WriteLine($"accuracy: float {100 * e.FloatAccuracy:F2} %, int8 golden {100 * e.GoldenAccuracy:F2} %, int8 accelerator {100 * e.AcceleratorAccuracy:F2} %");
        o.WriteLine($"accelerator = golden model: logits on {e.LogitsEqual:N0} of {e.Images:N0} images, predictions on {e.PredictionsEqual:N0}");
        o.WriteLine();
        o.WriteLine($"on {hw.Name} ({hw.PeArray.Rows}x{hw.PeArray.Cols} PEs, {hw.PeArray.ClockMhz} MHz), batches of {e.Batch:N0}, per image:");
        o.WriteLine($"{"layer",-8} {"unit",-9} {"cycles",12} {"compute",12} {"MACs",10} {"energy nJ",10}");
        foreach (var r in e.LayerRows())
            o.WriteLine($"{r.Name,-8} {r.Unit,-9} {r.Cycles,12:N1} {r.ComputeCycles,12:N1} {r.Macs,10:N0} {r.EnergyPj / 1000,10:N2}");
        var t = e.Throughput;
        o.WriteLine($"{"total",-8} {"",-9} {t.Cycles,12:N1} {"",12} {e.BatchRuns.Sum(r => r.Macs) / e.Images,10:N0} {t.EnergyPj / 1000,10:N2}");
        o.WriteLine($"batched: {t.Cycles:N0} cycles = {t.Seconds * 1e6:N2} us and {t.EnergyPj / 1e6:N3} uJ per image");
        var l = e.Latency;
        o.WriteLine($"one image alone: latency {l.Cycles:N0} cycles = {l.Seconds * 1e6:N2} us, energy {l.EnergyPj / 1e6:N3} uJ");
    }
}
