using System.Diagnostics;
using Sim.Datasets;

namespace Sim.Training;

/// <summary>How to train: seed, epochs, how many training images (null: all 60,000), batch size, Adam's learning rate.</summary>
internal sealed record TrainingOptions(int Seed = 1, int Epochs = 2, int? TrainImages = null, int BatchSize = 32, float LearningRate = 1e-3f);

/// <summary>The trained network, the mean loss of each epoch and the wall time taken.</summary>
internal sealed record TrainingResult(SmallCnn Network, IReadOnlyList<double> EpochLosses, double Seconds);

/// <summary>
/// Mini-batch Adam on one thread: the order of images in each epoch is a Fisher-Yates shuffle from a
/// generator seeded by the seed, every sum runs in a fixed order, so the same seed and options give
/// the same weights bit for bit.
/// </summary>
internal static class Trainer
{
    public static TrainingResult Train(LabelledImages train, TrainingOptions options, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var data = train.Take(options.TrainImages);
        var net = SmallCnn.Create(options.Seed);
        var optimizer = new Adam(net.Parameters, options.LearningRate);
        var loss = new SoftmaxCrossEntropy(SmallCnn.Classes);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var shuffle = new Random(unchecked(options.Seed * 7919 + 17));
        var losses = new List<double>();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            double total = 0;
            int inBatch = 0, correct = 0;
            foreach (int i in order)
            {
                var logits = net.Forward(data.Image(i));
                if (SmallCnn.ArgMax(logits) == data.Labels[i]) correct++;
                total += loss.Evaluate(logits, data.Labels[i]);
                net.Backward(loss.InputGradient);
                if (++inBatch == options.BatchSize)
                {
                    optimizer.Step(inBatch);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) optimizer.Step(inBatch);
            losses.Add(total / data.Count);
            log?.Invoke($"epoch {epoch + 1}/{options.Epochs}: mean loss {total / data.Count:F4}, " +
                        $"training accuracy {100.0 * correct / data.Count:F2} %, {clock.Elapsed.TotalSeconds:F1} s");
        }
        return new TrainingResult(net, losses, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The fraction of images the float network classifies correctly.</summary>
    public static double Accuracy(SmallCnn net, LabelledImages images) =>
        (double)Predict(net, images).Where((p, i) => p == images.Labels[i]).Count() / images.Count;

    public static int[] Predict(SmallCnn net, LabelledImages images)
    {
        var predictions = new int[images.Count];
        for (int i = 0; i < images.Count; i++) predictions[i] = SmallCnn.ArgMax(net.Forward(images.Image(i)));
        return predictions;
    }
}
