namespace Sim.Training;

/// <summary>
/// 2 x 2 max pooling, stride 2, no padding, per channel; an odd last row or column is dropped (floor, as
/// ONNX MaxPool with ceil_mode 0). The gradient goes to the first maximum of each window, in row-major order.
/// </summary>
internal sealed class MaxPoolLayer
{
    public int Channels { get; }
    public int InHeight { get; }
    public int InWidth { get; }
    public int OutHeight => InHeight / 2;
    public int OutWidth => InWidth / 2;

    public float[] Output { get; }
    public float[] InputGradient { get; }
    private readonly int[] _argMax;

    public MaxPoolLayer(int channels, int inHeight, int inWidth)
    {
        (Channels, InHeight, InWidth) = (channels, inHeight, inWidth);
        Output = new float[channels * OutHeight * OutWidth];
        _argMax = new int[Output.Length];
        InputGradient = new float[channels * inHeight * inWidth];
    }

    public void Forward(ReadOnlySpan<float> x)
    {
        int o = 0;
        for (int c = 0; c < Channels; c++)
            for (int r = 0; r < OutHeight; r++)
                for (int q = 0; q < OutWidth; q++, o++)
                {
                    int best = (c * InHeight + 2 * r) * InWidth + 2 * q;
                    foreach (int at in (ReadOnlySpan<int>)[best + 1, best + InWidth, best + InWidth + 1])
                        if (x[at] > x[best]) best = at;
                    Output[o] = x[best];
                    _argMax[o] = best;
                }
    }

    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        Array.Clear(InputGradient);
        for (int o = 0; o < Output.Length; o++) InputGradient[_argMax[o]] += outputGradient[o];
    }
}
