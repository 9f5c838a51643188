namespace Sim.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) on the gradients summed over a batch, divided by the batch size:
/// m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= lr m_hat / (sqrt(v_hat) + eps). Zeroes the gradients.
/// </summary>
internal sealed class Adam(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
{
    private int _step;

    public float LearningRate { get; set; } = learningRate;

    public void Step(int batchSize)
    {
        _step++;
        float scale = 1f / batchSize;
        float correction1 = 1 - MathF.Pow(beta1, _step), correction2 = 1 - MathF.Pow(beta2, _step);
        foreach (var p in parameters)
        {
            var w = p.Value; var g = p.Gradient; var m = p.FirstMoment; var v = p.SecondMoment;
            for (int i = 0; i < w.Length; i++)
            {
                float gi = g[i] * scale;
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                w[i] -= LearningRate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + epsilon);
                g[i] = 0;
            }
        }
    }
}
