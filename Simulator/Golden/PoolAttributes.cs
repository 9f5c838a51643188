namespace Sim.Golden;

/// <summary>
/// Attributes of a 2-D pool on NCHW activations, as in ONNX MaxPool/AveragePool: kernel, strides,
/// explicit pads (top/left at the beginning, bottom/right at the end), dilations, ceil_mode and
/// count_include_pad (average pool only).
/// </summary>
internal sealed record PoolAttributes(
    int KernelH, int KernelW,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH = 1, int DilationW = 1,
    bool CeilMode = false,
    bool CountIncludePad = false)
{
    public int OutputHeight(int h) => Padding.OutputSize(h, KernelH, StrideH, PadTop, PadBottom, DilationH, CeilMode);

    public int OutputWidth(int w) => Padding.OutputSize(w, KernelW, StrideW, PadLeft, PadRight, DilationW, CeilMode);

    internal void Validate(int rank)
    {
        if (rank != 4) throw new ArgumentException($"pool input must be 4-D NCHW, got rank {rank}");
        if (KernelH < 1 || KernelW < 1) throw new ArgumentException($"kernel must be >= 1, got {KernelH}x{KernelW}");
        if (StrideH < 1 || StrideW < 1) throw new ArgumentException($"strides must be >= 1, got {StrideH}x{StrideW}");
        if (DilationH < 1 || DilationW < 1) throw new ArgumentException($"dilations must be >= 1, got {DilationH}x{DilationW}");
        if (PadTop < 0 || PadLeft < 0 || PadBottom < 0 || PadRight < 0) throw new ArgumentException("pads must be >= 0");
    }
}
