using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX Clip: min(max(x, lo), hi), elementwise; NaN stays NaN.</summary>
    public static Tensor<float> Clip(Tensor<float> x, float lo, float hi)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            float v = x.Data[i];
            y[i] = float.IsNaN(v) ? v : v < lo ? lo : v > hi ? hi : v;
        }
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>Clip of integer tensors (int8, uint8, int32 values).</summary>
    public static Tensor<int> Clip(Tensor<int> x, int lo, int hi)
    {
        var y = new int[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = Math.Min(Math.Max(x.Data[i], lo), hi);
        return new Tensor<int>(x.Shape, y);
    }
}
