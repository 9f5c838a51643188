using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Float matrix product with numpy/ONNX MatMul semantics: 1-D operands are promoted (a row vector for
    /// a, a column vector for b) and the promoted axis removed afterwards; leading (batch) dimensions
    /// broadcast. Sums are accumulated in double.
    /// </summary>
    public static Tensor<float> MatMul(Tensor<float> a, Tensor<float> b)
    {
        var plan = MatMulPlan.Create(a.Shape, b.Shape);
        var y = new float[plan.Batch * plan.M * plan.N];
        for (int bi = 0; bi < plan.Batch; bi++)
        {
            int ao = plan.AOffset(bi), bo = plan.BOffset(bi), yo = bi * plan.M * plan.N;
            for (int i = 0; i < plan.M; i++)
                for (int j = 0; j < plan.N; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < plan.K; k++)
                        sum += (double)a.Data[ao + i * plan.K + k] * b.Data[bo + k * plan.N + j];
                    y[yo + i * plan.N + j] = (float)sum;
                }
        }
        return new Tensor<float>(plan.OutputShape, y);
    }

    /// <summary>Shapes and batch offsets of a broadcast matrix product.</summary>
    private sealed class MatMulPlan
    {
        public required int M, K, N, Batch;
        public required int[] OutputShape;
        public required int[] BatchShape, ABatch, BBatch;

        public static MatMulPlan Create(int[] aShape, int[] bShape)
        {
            if (aShape.Length == 0 || bShape.Length == 0) throw new ArgumentException("MatMul operands must have rank >= 1");
            var a = aShape.Length == 1 ? new[] { 1, aShape[0] } : aShape;
            var b = bShape.Length == 1 ? new[] { bShape[0], 1 } : bShape;
            int m = a[^2], k = a[^1], k2 = b[^2], n = b[^1];
            if (k != k2) throw new ArgumentException($"MatMul inner dimensions differ: [{string.Join(",", aShape)}] x [{string.Join(",", bShape)}]");
            int rank = Math.Max(a.Length, b.Length) - 2;
            var aB = new int[rank]; var bB = new int[rank]; var batch = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                int ai = d - (rank - (a.Length - 2)), bi = d - (rank - (b.Length - 2));
                aB[d] = ai >= 0 ? a[ai] : 1;
                bB[d] = bi >= 0 ? b[bi] : 1;
                if (aB[d] != bB[d] && aB[d] != 1 && bB[d] != 1)
                    throw new ArgumentException($"MatMul batch dimensions do not broadcast: [{string.Join(",", aShape)}] x [{string.Join(",", bShape)}]");
                batch[d] = Math.Max(aB[d], bB[d]);
            }
            var outShape = new List<int>(batch);
            if (aShape.Length > 1) outShape.Add(m);
            if (bShape.Length > 1) outShape.Add(n);
            return new MatMulPlan
            {
                M = m, K = k, N = n, Batch = Tensor<int>.ElementCount(batch),
                OutputShape = [.. outShape], BatchShape = batch, ABatch = aB, BBatch = bB,
            };
        }

        /// <summary>
        /// Which of <paramref name="count"/> values of a per-column parameter of B (one, one per column, or one per
        /// column of each of B's matrices) applies at column <paramref name="j"/> of the B matrix at <paramref name="bOffset"/>.
        /// </summary>
        public int Column(int count, int bOffset, int j)
        {
            int matrices = Tensor<int>.ElementCount(BBatch);
            if (count != 1 && count != N && count != matrices * N)
                throw new ArgumentException($"a per-column parameter of B has {count} values; expected 1, {N} or {matrices * N}");
            return count == 1 ? 0 : count == N ? j : bOffset / (K * N) * N + j;
        }

        public int AOffset(int batchIndex) => Offset(batchIndex, ABatch) * M * K;
        public int BOffset(int batchIndex) => Offset(batchIndex, BBatch) * K * N;

        /// <summary>Flat index into an operand's batch dimensions (size 1 broadcasts) for an output batch index.</summary>
        private int Offset(int batchIndex, int[] operand)
        {
            int offset = 0, stride = 1;
            for (int d = BatchShape.Length - 1; d >= 0; d--)
            {
                int i = batchIndex % BatchShape[d];
                batchIndex /= BatchShape[d];
                if (operand[d] != 1) offset += i * stride;
                stride *= operand[d];
            }
            return offset;
        }
    }
}
