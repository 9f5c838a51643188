using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>Float ReLU: max(x, 0) elementwise.</summary>
    public static Tensor<float> Relu(Tensor<float> x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = x.Data[i] > 0f ? x.Data[i] : 0f;
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>
    /// ReLU on quantized values: real zero is represented by <paramref name="zeroPoint"/>, so the result is
    /// max(x, zeroPoint) (e.g. 0 for symmetric int8, 128 for uint8 centred at 128).
    /// </summary>
    public static Tensor<int> Relu(Tensor<int> x, int zeroPoint)
    {
        var y = new int[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = Math.Max(x.Data[i], zeroPoint);
        return new Tensor<int>(x.Shape, y);
    }
}
