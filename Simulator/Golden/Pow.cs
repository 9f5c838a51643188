using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX Pow with a constant integer exponent <paramref name="n"/>, as the vector unit raises to one: repeated fp32
    /// multiplication from the left, ((x x) x) ... x, |n| - 1 products each rounded, then for a negative n one fp32
    /// division 1 / product; n = 0 gives 1 for every x (NaN too, as IEEE pow does).
    /// </summary>
    public static Tensor<float> Pow(Tensor<float> x, int n)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            float v = x.Data[i], product = 1;
            if (n != 0)
            {
                product = v;
                for (int k = 2; k <= Math.Abs(n); k++) product *= v;
            }
            y[i] = n < 0 ? 1 / product : product;
        }
        return new Tensor<float>(x.Shape, y);
    }
}
