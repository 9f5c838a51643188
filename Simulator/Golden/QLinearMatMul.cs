using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX QLinearMatMul = <see cref="MatMulInteger"/> + <see cref="RequantizeValue"/>: a's scale and zero point per
    /// tensor; b's per tensor (one value), per column (one per output column j), or per column of each of b's matrices.
    /// </summary>
    public static Tensor<int> QLinearMatMul(
        Tensor<int> a, float aScale, int aZeroPoint,
        Tensor<int> b, IReadOnlyList<float> bScales, IReadOnlyList<int> bZeroPoints,
        float yScale, int yZeroPoint, QuantizedType outputType)
    {
        var plan = MatMulPlan.Create(a.Shape, b.Shape);
        var acc = MatMulInteger(a, aZeroPoint, b, bZeroPoints);
        var y = new int[acc.Length];
        for (int bi = 0; bi < plan.Batch; bi++)
            for (int i = 0; i < plan.M; i++)
                for (int j = 0; j < plan.N; j++)
                {
                    int at = (bi * plan.M + i) * plan.N + j;
                    float multiplier = RequantizeMultiplier(aScale, bScales[plan.Column(bScales.Count, plan.BOffset(bi), j)], yScale);
                    y[at] = RequantizeValue(acc.Data[at], multiplier, yZeroPoint, outputType);
                }
        return new Tensor<int>(acc.Shape, y);
    }
}
