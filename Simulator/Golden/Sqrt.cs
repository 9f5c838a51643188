using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX Sqrt, correctly rounded to fp32 as IEEE 754 requires: the float64 square root rounded once to fp32 is
    /// the correctly rounded fp32 root (float64 carries more than 2 x 24 + 2 bits, so the double rounding is
    /// innocuous). A negative input gives NaN; -0 gives -0.
    /// </summary>
    public static Tensor<float> Sqrt(Tensor<float> x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = (float)Math.Sqrt(x.Data[i]);
        return new Tensor<float>(x.Shape, y);
    }
}
