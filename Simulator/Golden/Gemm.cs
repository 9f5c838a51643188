using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX Gemm: Y = alpha * op(A) * op(B) + beta * C, where op transposes when asked. A and B are 2-D;
    /// op(A) is [M, K], op(B) is [K, N]; C (optional) broadcasts to [M, N] (scalar, [N], [1], [M, 1], [1, N] or [M, N]).
    /// </summary>
    public static Tensor<float> Gemm(Tensor<float> a, Tensor<float> b, Tensor<float>? c,
        float alpha = 1f, float beta = 1f, bool transA = false, bool transB = false)
    {
        if (a.Rank != 2 || b.Rank != 2) throw new ArgumentException("Gemm operands must be 2-D");
        int m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        int k2 = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (k != k2) throw new ArgumentException($"Gemm inner dimensions differ: {k} and {k2}");
        int cRows = 1, cCols = 1;
        if (c is not null)
        {
            (cRows, cCols) = c.Rank switch
            {
                0 => (1, 1),
                1 => (1, c.Shape[0]),
                2 => (c.Shape[0], c.Shape[1]),
                _ => throw new ArgumentException($"Gemm C must have rank <= 2, got {c.Rank}"),
            };
            if ((cRows != 1 && cRows != m) || (cCols != 1 && cCols != n))
                throw new ArgumentException($"Gemm C of shape {c.ShapeText} does not broadcast to [{m},{n}]");
        }
        var y = new Tensor<float>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p, i] : a[i, p];
                    float bv = transB ? b[j, p] : b[p, j];
                    sum += (double)av * bv;
                }
                double result = alpha * sum;
                if (c is not null)
                    result += (double)beta * c.Data[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
                y[i, j] = (float)result;
            }
        return y;
    }
}
