using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX Softmax (opset 13) along <paramref name="axis"/>: exp(x - max) / sum, in float64, rounded to float32.
    /// </summary>
    public static Tensor<float> Softmax(Tensor<float> x, int axis)
    {
        var y = SoftmaxDouble(x, axis);
        return new Tensor<float>(x.Shape, Array.ConvertAll(y.Data, v => (float)v));
    }

    /// <summary>Softmax along <paramref name="axis"/> in float64: the reference any fp32 softmax's error is measured against.</summary>
    public static Tensor<double> SoftmaxDouble(Tensor<float> x, int axis)
    {
        int outer = 1, inner = 1, n = x.Shape[axis];
        for (int d = 0; d < axis; d++) outer *= x.Shape[d];
        for (int d = axis + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int at(int k) => (o * n + k) * inner + i;
                double max = double.NegativeInfinity, sum = 0;
                for (int k = 0; k < n; k++) max = Math.Max(max, x.Data[at(k)]);
                for (int k = 0; k < n; k++) sum += Math.Exp(x.Data[at(k)] - max);
                for (int k = 0; k < n; k++) y[at(k)] = Math.Exp(x.Data[at(k)] - max) / sum;
            }
        return new Tensor<double>(x.Shape, y);
    }
}
