using Sim.Config;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>
/// A convolution's input in rows (image n, input row h) = row n x H + h, each every channel of the group. Output
/// pixel m = (n, oh, ow) reads input rows oh x stride - pad_top .. + (kernel_h - 1) x dilation of image n, so a
/// block of output pixels reads the band from its first pixel's first row to its last pixel's last row.
/// </summary>
internal sealed class ConvRows(Conv2DLayer layer, Tensor<short> input) : InputRows
{
    private readonly int _groupChannels = layer.InChannels / layer.Groups;
    private readonly int _window = layer.KernelH * layer.KernelW;

    public override int RowElements => layer.InWidth * _groupChannels;

    public override int Count => layer.Batch * layer.InHeight;

    public override (int First, int Last) Band(int m0, int mRows)
    {
        int plane = layer.OutHeight * layer.OutWidth;
        int m1 = m0 + mRows - 1;
        int firstImage = m0 / plane, lastImage = m1 / plane;
        int top = m0 % plane / layer.OutWidth * layer.StrideH - layer.Padding.Top;
        int bottom = m1 % plane / layer.OutWidth * layer.StrideH - layer.Padding.Top + (layer.KernelH - 1) * layer.DilationH;
        return (firstImage * layer.InHeight + Math.Max(0, top), lastImage * layer.InHeight + Math.Min(layer.InHeight - 1, bottom));
    }

    /// <summary>K = channel x kernel_h x kernel_w + kernel position: a chunk covers the channels its positions fall in.</summary>
    public override (int Runs, int Elements) ChunkRuns(int k0, int kRows) =>
        (layer.InWidth, (k0 + kRows - 1) / _window - k0 / _window + 1);

    public override long NonZeros(int group, int first, int last, ReadOnlySpan<short> loweredA, ElementFormat format)
    {
        long n = 0;
        int h = layer.InHeight, w = layer.InWidth;
        for (int row = first; row <= last; row++)
        {
            int image = row / h, y = row % h;
            for (int c = 0; c < _groupChannels; c++)
            {
                int channel = group * _groupChannels + c;
                n += Counting.NonZeros(input.Data.AsSpan(((image * layer.InChannels + channel) * h + y) * w, w), format);
            }
        }
        return n;
    }
}
