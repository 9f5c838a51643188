using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX GlobalAveragePool on NCHW: the mean of each H x W plane in float64, rounded to float32; output [N, C, 1, 1].</summary>
    public static Tensor<float> GlobalAveragePool(Tensor<float> x)
    {
        if (x.Rank != 4) throw new ArgumentException($"GlobalAveragePool input must be 4-D NCHW, got rank {x.Rank}");
        int planes = x.Shape[0] * x.Shape[1], size = x.Shape[2] * x.Shape[3];
        var y = new Tensor<float>(x.Shape[0], x.Shape[1], 1, 1);
        for (int p = 0; p < planes; p++)
        {
            double sum = 0;
            for (int i = 0; i < size; i++) sum += x.Data[p * size + i];
            y.Data[p] = (float)(sum / size);
        }
        return y;
    }
}
