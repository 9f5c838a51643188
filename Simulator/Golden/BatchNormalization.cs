using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX BatchNormalization in inference mode on [N, C, ...]: y = (x - mean[c]) / sqrt(var[c] + epsilon) x scale[c] + bias[c],
    /// in float64, rounded to float32.
    /// </summary>
    public static Tensor<float> BatchNormalization(Tensor<float> x, float[] scale, float[] bias, float[] mean, float[] variance, float epsilon)
    {
        int c = x.Shape[1], inner = 1;
        for (int d = 2; d < x.Rank; d++) inner *= x.Shape[d];
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int ch = i / inner % c;
            y[i] = (float)((x.Data[i] - (double)mean[ch]) / Math.Sqrt(variance[ch] + (double)epsilon) * scale[ch] + bias[ch]);
        }
        return new Tensor<float>(x.Shape, y);
    }
}
