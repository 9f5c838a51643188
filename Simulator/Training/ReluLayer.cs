namespace Sim.Training;

/// <summary>max(x, 0) element-wise; its gradient passes where the output is positive.</summary>
internal sealed class ReluLayer(int length)
{
    public float[] Output { get; } = new float[length];
    public float[] InputGradient { get; } = new float[length];

    public void Forward(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < Output.Length; i++) Output[i] = x[i] > 0 ? x[i] : 0;
    }

    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        for (int i = 0; i < Output.Length; i++) InputGradient[i] = Output[i] > 0 ? outputGradient[i] : 0;
    }
}
