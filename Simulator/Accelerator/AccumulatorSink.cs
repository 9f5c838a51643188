namespace Sim.Accelerator;

/// <summary>
/// Where the output stage passes finished int32 accumulators through unconverted, for layers whose
/// output is the accumulator itself (ONNX ConvInteger and MatMulInteger write int32). A block is
/// rows x cols of the GEMM as the array ran it: when the mapper turned the GEMM round
/// (<paramref name="transposed"/>), its rows are the layer's output columns and its columns the layer's rows.
/// </summary>
internal interface IAccumulatorSink
{
    void Write(int group, int row0, int col0, int rows, int cols, ReadOnlySpan<int> accumulators, bool transposed);
}
