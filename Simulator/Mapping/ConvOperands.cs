using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>A convolution's operands as per-group GEMMs, and its NCHW output filled block by block.</summary>
internal sealed class ConvOperands(Conv2DLayer layer, Tensor<short> input, Tensor<short> weights) : IGemmOperands
{
    public Tensor<short> Output { get; } =
        new(layer.Batch, layer.OutChannels, layer.OutHeight, layer.OutWidth);

    public InputRows Rows { get; } = new ConvRows(layer, input);

    public void LowerActivations(int group, short[] a) => Im2Col.Lower(layer, input, group, a);

    public void LowerWeights(int group, short[] w) => Im2Col.LowerWeights(layer, weights, group, w);

    public void WriteOutputBlock(int group, int m0, int n0, int mRows, int nCols, ReadOnlySpan<short> block)
    {
        int pixels = layer.OutHeight * layer.OutWidth;
        int channel0 = group * (layer.OutChannels / layer.Groups) + n0;
        var y = Output.Data;
        for (int r = 0; r < mRows; r++)
        {
            int m = m0 + r, n = m / pixels, pixel = m % pixels;
            for (int c = 0; c < nCols; c++)
                y[(n * layer.OutChannels + channel0 + c) * pixels + pixel] = block[r * nCols + c];
        }
    }
}
