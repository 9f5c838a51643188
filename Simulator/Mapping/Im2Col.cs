using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>
/// Lowers a convolution's input to the activation matrix that streams into the array: row m is
/// output pixel (n, oh, ow), column k is (input channel of the group, kernel row, kernel column).
/// Values are raw operand bits (<see cref="Sim.PeArray.PeDatapath"/>); positions in the padding read as
/// all-zero bits: 0 for the symmetric integer formats, +0 for the float formats.
/// </summary>
internal static class Im2Col
{
    public static void Lower(Conv2DLayer c, Tensor<short> input, int group, short[] matrix)
    {
        int cPerGroup = c.InChannels / c.Groups;
        int oh = c.OutHeight, ow = c.OutWidth, kh = c.KernelH, kw = c.KernelW;
        int k = cPerGroup * kh * kw;
        var x = input.Data;
        int m = 0;
        for (int n = 0; n < c.Batch; n++)
            for (int y = 0; y < oh; y++)
                for (int xo = 0; xo < ow; xo++, m++)
                {
                    int row = m * k, col = 0;
                    for (int ci = 0; ci < cPerGroup; ci++)
                    {
                        int plane = (n * c.InChannels + group * cPerGroup + ci) * c.InHeight;
                        for (int i = 0; i < kh; i++)
                        {
                            int iy = y * c.StrideH - c.Padding.Top + i * c.DilationH;
                            bool rowInside = (uint)iy < (uint)c.InHeight;
                            for (int j = 0; j < kw; j++, col++)
                            {
                                int ix = xo * c.StrideW - c.Padding.Left + j * c.DilationW;
                                matrix[row + col] = rowInside && (uint)ix < (uint)c.InWidth
                                    ? x[(plane + iy) * c.InWidth + ix]
                                    : (short)0;
                            }
                        }
                    }
                }
    }

    /// <summary>The group's weights as W[K,N]: column n is output channel group x N + n.</summary>
    public static void LowerWeights(Conv2DLayer c, Tensor<short> weights, int group, short[] matrix)
    {
        int nPerGroup = c.OutChannels / c.Groups;
        int k = c.InChannels / c.Groups * c.KernelH * c.KernelW;
        var w = weights.Data;
        for (int n = 0; n < nPerGroup; n++)
        {
            int filter = (group * nPerGroup + n) * k; // OIHW: one output channel's K weights are contiguous
            for (int r = 0; r < k; r++) matrix[r * nPerGroup + n] = w[filter + r];
        }
    }
}
