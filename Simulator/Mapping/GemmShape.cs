using Sim.Config;

namespace Sim.Mapping;

/// <summary>
/// A layer as the PE array sees it: Groups independent matrix products Y[M,N] = A[M,K] x W[K,N].
/// A convolution becomes one per group: M output pixels, K = input channels per group x kernel
/// window, N = output channels per group.
/// </summary>
internal sealed record GemmShape(int Groups, int M, int K, int N)
{
    /// <summary>
    /// A packed depthwise layer (<see cref="DepthwisePacking"/>): the kernel window, the K rows each of the N
    /// columns really uses (K = Window x N, the weights block-diagonal); 0 for a dense GEMM.
    /// </summary>
    public int Window { get; init; }

    /// <summary>The MACs the layer needs: a packed depthwise group's block-diagonal zeros are not among them.</summary>
    public long Macs => Window > 0 ? (long)Groups * M * Window * N : (long)Groups * M * K * N;

    public static GemmShape Of(Conv2DLayer c) => new(
        c.Groups,
        c.Batch * c.OutHeight * c.OutWidth,
        c.InChannels / c.Groups * c.KernelH * c.KernelW,
        c.OutChannels / c.Groups);

    public static GemmShape Of(GemmLayer g) => new(1, g.M, g.K, g.N);
}
