using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX HardSigmoid: max(0, min(1, alpha x + beta)), the product and the sum each rounded to fp32 (ONNX's reference, no fused multiply-add); NaN stays NaN.</summary>
    public static Tensor<float> HardSigmoid(Tensor<float> x, float alpha, float beta)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = HardSigmoidAt(x.Data[i], alpha, beta);
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>ONNX HardSwish: x HardSigmoid(x) with alpha = 1/6 (rounded to fp32) and beta = 1/2, then one more fp32 rounding.</summary>
    public static Tensor<float> HardSwish(Tensor<float> x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = x.Data[i] * HardSigmoidAt(x.Data[i], 1f / 6, 0.5f);
        return new Tensor<float>(x.Shape, y);
    }

    private static float HardSigmoidAt(float x, float alpha, float beta)
    {
        float product = alpha * x;
        float v = product + beta;
        if (v < 0) return 0;
        if (v > 1) return 1;
        return v;
    }
}
