using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Integer matrix product (ONNX MatMulInteger): sum of (a - aZeroPoint) * (b - bZeroPoint) in int32, with
    /// the same shape rules as <see cref="MatMul"/>. A's zero point is per tensor; B's one value, one per column j
    /// (bZeroPoints[j]), or one per column of each of B's matrices (bZeroPoints[matrix x N + j]). Overflow wraps.
    /// </summary>
    public static Tensor<int> MatMulInteger(Tensor<int> a, int aZeroPoint, Tensor<int> b, IReadOnlyList<int> bZeroPoints)
    {
        var plan = MatMulPlan.Create(a.Shape, b.Shape);
        var y = new int[plan.Batch * plan.M * plan.N];
        for (int bi = 0; bi < plan.Batch; bi++)
        {
            int ao = plan.AOffset(bi), bo = plan.BOffset(bi), yo = bi * plan.M * plan.N;
            for (int i = 0; i < plan.M; i++)
                for (int j = 0; j < plan.N; j++)
                {
                    int sum = 0, bZeroPoint = bZeroPoints[plan.Column(bZeroPoints.Count, bo, j)];
                    for (int k = 0; k < plan.K; k++)
                        sum = unchecked(sum + (a.Data[ao + i * plan.K + k] - aZeroPoint) * (b.Data[bo + k * plan.N + j] - bZeroPoint));
                    y[yo + i * plan.N + j] = sum;
                }
        }
        return new Tensor<int>(plan.OutputShape, y);
    }
}
