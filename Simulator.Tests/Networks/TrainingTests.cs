using Sim.Datasets;
using Sim.Training;

namespace Sim.Tests.Networks;

public class TrainingTests
{
    private static LabelledImages Few => FashionMnist.Train().Take(1500);

    [Test]
    public void SameSeedGivesTheSameWeightsBitForBit()
    {
        var data = Few;
        var a = Trainer.Train(data, new TrainingOptions(Seed: 7, Epochs: 1)).Network;
        var b = Trainer.Train(data, new TrainingOptions(Seed: 7, Epochs: 1)).Network;
        var c = Trainer.Train(data, new TrainingOptions(Seed: 8, Epochs: 1)).Network;
        for (int i = 0; i < a.Parameters.Count; i++)
            Assert.That(a.Parameters[i].Value.Select(BitConverter.SingleToInt32Bits),
                Is.EqualTo(b.Parameters[i].Value.Select(BitConverter.SingleToInt32Bits)), a.Parameters[i].Name);
        Assert.That(c.Parameters[0].Value, Is.Not.EqualTo(a.Parameters[0].Value));
    }

    [Test]
    public void LossFallsAndSaveLoadRoundTrips()
    {
        var result = Trainer.Train(Few, new TrainingOptions(Seed: 3, Epochs: 2));
        Assert.That(result.EpochLosses[1], Is.LessThan(result.EpochLosses[0]));
        string path = Path.GetTempFileName();
        try
        {
            result.Network.Save(path);
            var loaded = SmallCnn.Load(path);
            for (int i = 0; i < loaded.Parameters.Count; i++)
                Assert.That(loaded.Parameters[i].Value, Is.EqualTo(result.Network.Parameters[i].Value));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Each layer's analytic gradient against a central difference of the loss, on one image. The image is
    /// random noise and the biases non-zero: a real image's flat background gives exactly equal outputs,
    /// ties in the max pools and ReLUs at their kink, where the loss has no derivative.
    /// </summary>
    [Test]
    public void GradientsMatchFiniteDifferences()
    {
        var net = SmallCnn.Create(5);
        var random = new Random(9);
        var image = new byte[SmallCnn.ImageHeight * SmallCnn.ImageWidth];
        random.NextBytes(image);
        foreach (var p in net.Parameters.Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal))) p.InitUniform(random, 0.1);
        var loss = new SoftmaxCrossEntropy(SmallCnn.Classes);
        int label = 4;
        loss.Evaluate(net.Forward(image), label);
        net.Backward(loss.InputGradient);
        foreach (var p in net.Parameters)
        {
            foreach (int i in new[] { 0, p.Value.Length / 2, p.Value.Length - 1 })
            {
                float saved = p.Value[i], h = 3e-3f;
                p.Value[i] = saved + h;
                double up = loss.Evaluate(net.Forward(image), label);
                p.Value[i] = saved - h;
                double down = loss.Evaluate(net.Forward(image), label);
                p.Value[i] = saved;
                double numeric = (up - down) / (2 * h);
                Assert.That(p.Gradient[i], Is.EqualTo(numeric).Within(1e-3 + 0.02 * Math.Abs(numeric)), $"{p.Name}[{i}]");
            }
        }
    }
}
