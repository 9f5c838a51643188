using Sim.Config;

namespace Sim.Mapping;

/// <summary>
/// A layer as the PE array sees it: Groups independent matrix products Y[M,N] = A[M,K] x W[K,N].
/// A convolution becomes one per group: M output pixels, K = input channels per group x kernel
/// window, N = output channels per group.
/// </summary>
internal sealed record GemmShape(int Groups, int M, int K, int N)
{
    public long Macs => (long)Groups * M * K * N;

    public static GemmShape Of(Conv2DLayer c) => new(
        c.Groups,
        c.Batch * c.OutHeight * c.OutWidth,
        c.InChannels / c.Groups * c.KernelH * c.KernelW,
        c.OutChannels / c.Groups);

    public static GemmShape Of(GemmLayer g) => new(1, g.M, g.K, g.N);
}
