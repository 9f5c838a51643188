namespace Sim.Training;

/// <summary>The loss: softmax of the logits, then the negative log-probability of the true class. Its gradient is softmax - one-hot.</summary>
internal sealed class SoftmaxCrossEntropy(int classes)
{
    public float[] InputGradient { get; } = new float[classes];

    /// <summary>Returns the loss and fills <see cref="InputGradient"/>.</summary>
    public float Evaluate(ReadOnlySpan<float> logits, int label)
    {
        float max = float.NegativeInfinity;
        foreach (float z in logits) max = Math.Max(max, z);
        float sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            InputGradient[i] = MathF.Exp(logits[i] - max);
            sum += InputGradient[i];
        }
        for (int i = 0; i < logits.Length; i++) InputGradient[i] /= sum;
        float loss = -MathF.Log(Math.Max(InputGradient[label], 1e-30f));
        InputGradient[label] -= 1;
        return loss;
    }
}
