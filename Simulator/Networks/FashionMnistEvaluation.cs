using System.Diagnostics;
using System.Text.Json;
using Sim.Config;
using Sim.Datasets;
using Sim.Training;

namespace Sim.Networks;

/// <summary>Per-image figures of a network run on the accelerator: cycles, seconds and energy.</summary>
internal sealed record PerImage(double Cycles, double Seconds, double EnergyPj);

/// <summary>
/// The trained CNN on the test images four ways: (a) the float network, (b) the int8 golden model,
/// (c) the int8 network on the simulated accelerator; (d), ONNX Runtime on the saved ONNX file, is in the tests
/// (Sim's own binary carries no ONNX Runtime). The accelerator runs the images in batches of
/// <see cref="Batch"/> (the batch is the GEMMs' M), and once more the first image alone for the latency of one
/// image.
/// </summary>
internal sealed record FashionMnistEvaluation(
    int Images, int[] Labels, int[] FloatPredictions, int[] GoldenLogits, int[] AcceleratorLogits,
    int Batch, IReadOnlyList<AcceleratorRun> BatchRuns, AcceleratorRun SingleImage, string Hardware, double Seconds)
{
    public int[] GoldenPredictions => GoldenCnn.Predictions(GoldenLogits);
    public int[] AcceleratorPredictions => GoldenCnn.Predictions(AcceleratorLogits);

    public double FloatAccuracy => Accuracy(FloatPredictions);
    public double GoldenAccuracy => Accuracy(GoldenPredictions);
    public double AcceleratorAccuracy => Accuracy(AcceleratorPredictions);

    /// <summary>Images whose ten int8 logits are the same on the accelerator as on the golden model.</summary>
    public int LogitsEqual => Enumerable.Range(0, Images).Count(i =>
        AcceleratorLogits.AsSpan(i * SmallCnn.Classes, SmallCnn.Classes).SequenceEqual(GoldenLogits.AsSpan(i * SmallCnn.Classes, SmallCnn.Classes)));

    public int PredictionsEqual => AcceleratorPredictions.Zip(GoldenPredictions).Count(p => p.First == p.Second);

    /// <summary>Cycles, time and energy per image over all batches (batched throughput).</summary>
    public PerImage Throughput => new(
        (double)BatchRuns.Sum(r => r.Cycles) / Images, BatchRuns.Sum(r => r.Seconds) / Images, BatchRuns.Sum(r => r.EnergyPj) / Images);

    /// <summary>One image alone (batch 1): its latency and energy.</summary>
    public PerImage Latency => new(SingleImage.Cycles, SingleImage.Seconds, SingleImage.EnergyPj);

    private double Accuracy(int[] predictions) => (double)predictions.Where((p, i) => p == Labels[i]).Count() / Images;

    public static FashionMnistEvaluation Run(SmallCnn net, QuantizedCnn q, LabelledImages test, HardwareConfig hw, int batch,
        Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var floatPredictions = Trainer.Predict(net, test);
        log?.Invoke($"float model: {test.Count:N0} images, {clock.Elapsed.TotalSeconds:F1} s");
        var golden = Task.Run(() => GoldenCnn.Logits(q, test));
        var accelerator = new AcceleratorCnn(hw);
        var runs = new List<AcceleratorRun>();
        var logits = new int[test.Count * SmallCnn.Classes];
        for (int start = 0; start < test.Count; start += batch)
        {
            var run = accelerator.Run(q, test, start, Math.Min(batch, test.Count - start));
            run.Logits.CopyTo(logits, start * SmallCnn.Classes);
            runs.Add(run);
            log?.Invoke($"accelerator: images {start + run.Batch:N0}/{test.Count:N0}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        var single = accelerator.Run(q, test, 0, 1);
        var goldenLogits = golden.Result;
        log?.Invoke($"golden model and accelerator done, {clock.Elapsed.TotalSeconds:F1} s");
        return new FashionMnistEvaluation(test.Count, test.Labels.Select(l => (int)l).ToArray(), floatPredictions, goldenLogits, logits,
            batch, runs, single, hw.Name, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The report as JSON: accuracies, agreement, per-image cycles, latency and energy, and each layer per image.</summary>
    public string ToJson(TrainingOptions training, double trainingSeconds, QuantizedCnn q, string? onnxPath)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", "fashion-mnist");
            w.WriteNumber("test_images", Images);
            w.WriteStartObject("training");
            w.WriteNumber("seed", training.Seed);
            w.WriteNumber("epochs", training.Epochs);
            if (training.TrainImages is int t) w.WriteNumber("train_images", t); else w.WriteString("train_images", "all");
            w.WriteNumber("batch_size", training.BatchSize);
            w.WriteNumber("learning_rate", training.LearningRate);
            w.WriteNumber("seconds", Math.Round(trainingSeconds, 2));
            w.WriteEndObject();
            w.WriteStartObject("quantisation");
            w.WriteString("weights", "int8 symmetric, per output channel, max |w| / 127");
            w.WriteString("activations", $"int8 symmetric (zero point 0), max calibration over {q.CalibrationImages} training images");
            w.WriteString("bias", "int32, scale input_scale x weight_scale");
            w.WriteNumber("input_scale", q.InputScale);
            foreach (var l in q.Layers) w.WriteNumber($"{l.Name}_output_scale", l.OutputScale);
            w.WriteEndObject();
            if (onnxPath != null) w.WriteString("onnx", onnxPath);
            w.WriteStartObject("accuracy");
            w.WriteNumber("float", FloatAccuracy);
            w.WriteNumber("int8_golden", GoldenAccuracy);
            w.WriteNumber("int8_accelerator", AcceleratorAccuracy);
            w.WriteEndObject();
            w.WriteStartObject("accelerator_vs_golden");
            w.WriteNumber("images_with_equal_logits", LogitsEqual);
            w.WriteNumber("images_with_equal_prediction", PredictionsEqual);
            w.WriteEndObject();
            w.WriteString("hardware", Hardware);
            w.WriteNumber("batch", Batch);
            var t1 = Throughput;
            w.WriteStartObject("per_image_batched");
            w.WriteNumber("cycles", Math.Round(t1.Cycles, 1));
            w.WriteNumber("seconds", t1.Seconds);
            w.WriteNumber("energy_pj", Math.Round(t1.EnergyPj, 1));
            w.WriteEndObject();
            var l1 = Latency;
            w.WriteStartObject("single_image");
            w.WriteNumber("cycles", l1.Cycles);
            w.WriteNumber("latency_seconds", l1.Seconds);
            w.WriteNumber("energy_pj", Math.Round(l1.EnergyPj, 1));
            w.WriteEndObject();
            w.WriteStartArray("layers_per_image_batched");
            foreach (var row in LayerRows())
            {
                w.WriteStartObject();
                w.WriteString("layer", row.Name);
                w.WriteString("unit", row.Unit);
                w.WriteNumber("cycles", Math.Round(row.Cycles, 1));
                w.WriteNumber("compute_cycles", Math.Round(row.ComputeCycles, 1));
                w.WriteNumber("macs", row.Macs);
                w.WriteNumber("energy_pj", Math.Round(row.EnergyPj, 1));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("evaluation_wall_seconds", Math.Round(Seconds, 2));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A layer's figures per image, summed over the batches.</summary>
    public sealed record LayerRow(string Name, string Unit, double Cycles, double ComputeCycles, long Macs, double EnergyPj);

    public IReadOnlyList<LayerRow> LayerRows() =>
        BatchRuns[0].Layers.Select((layer, i) => new LayerRow(layer.Name, layer.Unit,
            (double)BatchRuns.Sum(r => r.Layers[i].Timing.Cycles) / Images,
            (double)BatchRuns.Sum(r => r.Layers[i].Timing.ComputeCycles) / Images,
            BatchRuns.Sum(r => r.Layers[i].Macs) / Images,
            BatchRuns.Sum(r => r.Layers[i].Energy.TotalPj) / Images)).ToList();
}
