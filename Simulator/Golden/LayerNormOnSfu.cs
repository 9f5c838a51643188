using Sim.Config;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX LayerNormalization over the dimensions from <paramref name="axis"/> on as hardware with a special-function unit
    /// computes it, each fp32 operation rounded as the hardware rounds it: per row, mean = (sum in index order) / n,
    /// var = (sum in index order of (x - mean)^2) / n, r = the SFU's rsqrt of var + epsilon (<see cref="SpecialFunction"/>,
    /// its golden table), y = (((x - mean) r) scale) + bias.
    /// </summary>
    public static Tensor<float> LayerNormOnSfu(Tensor<float> x, Tensor<float> scale, Tensor<float>? bias, float epsilon, SfuConfig sfu)
    {
        int n = scale.Length, rows = x.Length / Math.Max(1, n);
        var means = new float[rows];
        var shifted = new float[rows];
        for (int row = 0; row < rows; row++)
        {
            float total = 0;
            for (int k = 0; k < n; k++) total += x.Data[row * n + k];
            means[row] = total / n;
            float squares = 0;
            for (int k = 0; k < n; k++)
            {
                float centred = x.Data[row * n + k] - means[row];
                squares += centred * centred;
            }
            shifted[row] = squares / n + epsilon;
        }
        var rsqrt = SpecialFunction(SfuFunction.Rsqrt, false, sfu, new Tensor<float>([rows], shifted));
        var y = new float[x.Length];
        for (int row = 0; row < rows; row++)
            for (int k = 0; k < n; k++)
            {
                float normalised = (x.Data[row * n + k] - means[row]) * rsqrt.Data[row];
                float scaled = normalised * scale.Data[k];
                y[row * n + k] = bias is null ? scaled : scaled + bias.Data[k];
            }
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>LayerNormalization in float64 (mean, variance, square root, scale and bias): the reference its error is measured against.</summary>
    public static Tensor<double> LayerNormDouble(Tensor<float> x, Tensor<float> scale, Tensor<float>? bias, float epsilon)
    {
        int n = scale.Length, rows = x.Length / Math.Max(1, n);
        var y = new double[x.Length];
        for (int row = 0; row < rows; row++)
        {
            double mean = 0, variance = 0;
            for (int k = 0; k < n; k++) mean += x.Data[row * n + k];
            mean /= n;
            for (int k = 0; k < n; k++) variance += (x.Data[row * n + k] - mean) * (x.Data[row * n + k] - mean);
            double inverse = 1 / Math.Sqrt(variance / n + epsilon);
            for (int k = 0; k < n; k++)
                y[row * n + k] = (x.Data[row * n + k] - mean) * inverse * scale.Data[k] + (bias?.Data[k] ?? 0);
        }
        return new Tensor<double>(x.Shape, y);
    }
}
