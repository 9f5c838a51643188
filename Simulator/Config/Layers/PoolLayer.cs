namespace Sim.Config;

internal enum PoolKind { Max, Average }

/// <summary>Max or average pooling over kh x kw windows; padding is never part of a window.</summary>
internal sealed record PoolLayer(
    string Name, PoolKind Kind, int Batch, int Channels, int InHeight, int InWidth,
    int KernelH, int KernelW, int StrideH, int StrideW, Padding2D Padding) : LayerSpec(Name)
{
    public int OutHeight => (InHeight + Padding.Top + Padding.Bottom - KernelH) / StrideH + 1;
    public int OutWidth => (InWidth + Padding.Left + Padding.Right - KernelW) / StrideW + 1;

    public override LayerSpec Batched(int batch) => this with { Batch = Batch * batch };
    public override string TypeName => Kind == PoolKind.Max ? "maxpool" : "avgpool";
    public override long InputElements => (long)Batch * Channels * InHeight * InWidth;
    public override int[] OutputShape => [Batch, Channels, OutHeight, OutWidth];
}
