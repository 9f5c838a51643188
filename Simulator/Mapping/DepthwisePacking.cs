using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>
/// A depthwise convolution on an array with <c>pe_array.depthwise: channel_parallel</c>: instead of one
/// kh x kw-row GEMM per channel, P channels run at once, one per column. As a GEMM the P channels are one
/// group whose weights are block-diagonal (K = P x window: column c's window in K rows window x c ..), and the
/// array folds the blocks onto the same window rows: each column takes its own channel's window vector from
/// the line buffer's window bus instead of the activation passing from its left neighbour, so a tile uses
/// window x P PEs (<see cref="Sim.PeArray.PeArrayFeatures.DepthwiseWindow"/>). Each output still adds its
/// window's products in K order from +0 (the block's other rows hold zero weights and add nothing), so the
/// numbers are bit for bit the per-channel layer's.
/// </summary>
internal static class DepthwisePacking
{
    /// <summary>The layer as the array runs it, its GEMM and its operands: packed when the hardware and the layer allow.</summary>
    public static (Conv2DLayer AsRun, GemmShape Shape, ConvOperands Operands) Lower(HardwareConfig hw, Conv2DLayer c, Tensor<short> x, Tensor<short> w)
    {
        if (!Packs(hw, c)) return (c, GemmShape.Of(c), new ConvOperands(c, x, w));
        int p = ChannelsPerGroup(c.InChannels, hw.PeArray.Cols);
        var packed = c with { Groups = c.InChannels / p };
        return (packed, GemmShape.Of(packed) with { Window = c.KernelH * c.KernelW }, new ConvOperands(packed, x, BlockDiagonal(w, p)));
    }

    /// <summary>
    /// True for a depthwise layer (one output channel per input channel) on a weight-stationary array with the
    /// mode whose window fits the rows.
    /// </summary>
    public static bool Packs(HardwareConfig hw, Conv2DLayer c) =>
        hw.PeArray.Depthwise == DepthwiseMode.ChannelParallel && c.Groups > 1 && c.Groups == c.InChannels &&
        c.OutChannels == c.InChannels && c.KernelH * c.KernelW <= hw.PeArray.Rows;

    /// <summary>The most channels a group takes: the largest divisor of the channels that fits the columns.</summary>
    public static int ChannelsPerGroup(int channels, int cols)
    {
        for (int p = Math.Min(channels, cols); p > 1; p--)
            if (channels % p == 0) return p;
        return 1;
    }

    /// <summary>[C, 1, kh, kw] weights as [C, P, kh, kw]: output channel oc keeps its filter at input oc mod P, zeros elsewhere.</summary>
    private static Tensor<short> BlockDiagonal(Tensor<short> w, int p)
    {
        int channels = w.Shape[0], window = w.Shape[2] * w.Shape[3];
        var wide = new Tensor<short>(channels, p, w.Shape[2], w.Shape[3]);
        for (int oc = 0; oc < channels; oc++)
            w.Data.AsSpan(oc * window, window).CopyTo(wide.Data.AsSpan((oc * p + oc % p) * window, window));
        return wide;
    }
}
