namespace Sim.Golden;

/// <summary>
/// Attributes of a 2-D convolution on NCHW activations and OIHW weights, as in ONNX Conv:
/// strides, explicit pads (top/left at the beginning, bottom/right at the end), dilations and groups.
/// </summary>
internal sealed record ConvAttributes(
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW,
    int Groups)
{
    /// <summary>Stride 1, no padding, no dilation, one group.</summary>
    public static ConvAttributes Default { get; } = new(1, 1, 0, 0, 0, 0, 1, 1, 1);

    /// <summary>Output height for input height <paramref name="h"/> and kernel height <paramref name="kh"/>.</summary>
    public int OutputHeight(int h, int kh) => Padding.OutputSize(h, kh, StrideH, PadTop, PadBottom, DilationH, ceilMode: false);

    /// <summary>Output width for input width <paramref name="w"/> and kernel width <paramref name="kw"/>.</summary>
    public int OutputWidth(int w, int kw) => Padding.OutputSize(w, kw, StrideW, PadLeft, PadRight, DilationW, ceilMode: false);

    internal void Validate()
    {
        if (StrideH < 1 || StrideW < 1) throw new ArgumentException($"strides must be >= 1, got {StrideH}x{StrideW}");
        if (DilationH < 1 || DilationW < 1) throw new ArgumentException($"dilations must be >= 1, got {DilationH}x{DilationW}");
        if (PadTop < 0 || PadLeft < 0 || PadBottom < 0 || PadRight < 0) throw new ArgumentException("pads must be >= 0");
        if (Groups < 1) throw new ArgumentException($"groups must be >= 1, got {Groups}");
    }
}
