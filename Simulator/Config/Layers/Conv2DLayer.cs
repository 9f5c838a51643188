namespace Sim.Config;

/// <summary>
/// Convolution, including grouped and depthwise (groups = in channels). Weights are
/// [OutChannels, InChannels / Groups, KernelH, KernelW].
/// </summary>
internal sealed record Conv2DLayer(
    string Name, int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW,
    Padding2D Padding, int DilationH, int DilationW, int Groups) : LayerSpec(Name)
{
    public int OutHeight => (InHeight + Padding.Top + Padding.Bottom - DilationH * (KernelH - 1) - 1) / StrideH + 1;
    public int OutWidth => (InWidth + Padding.Left + Padding.Right - DilationW * (KernelW - 1) - 1) / StrideW + 1;

    public override LayerSpec Batched(int batch) => this with { Batch = Batch * batch };
    public override string TypeName => Groups == InChannels && Groups > 1 ? "depthwise" : "conv2d";
    public override long InputElements => (long)Batch * InChannels * InHeight * InWidth;
    public override int[] OutputShape => [Batch, OutChannels, OutHeight, OutWidth];
    public override bool OnPeArray => true;
}
