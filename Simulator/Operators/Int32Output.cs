using Sim.Accelerator;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Collects the int32 accumulators the output stage passes through (ConvInteger, MatMulInteger) into the
/// node's output tensor; <paramref name="index"/> gives the flat output index of (group, row m, column n) of the GEMM.
/// </summary>
internal sealed class Int32Output(int[] shape, Func<int, int, int, int> index) : IAccumulatorSink
{
    public Tensor<int> Result { get; } = new(shape);

    public void Write(int group, int row0, int col0, int rows, int cols, ReadOnlySpan<int> accumulators, bool transposed)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                var (m, n) = transposed ? (col0 + c, row0 + r) : (row0 + r, col0 + c);
                Result.Data[index(group, m, n)] = accumulators[r * cols + c];
            }
    }
}
