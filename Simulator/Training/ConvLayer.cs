namespace Sim.Training;

/// <summary>
/// A 2-D convolution of one image, stride 1, no padding ("valid"), square kernel; weights OIHW as ONNX
/// has them. Forward lowers the input to columns (im2col: row k = (in channel, kernel row, kernel column),
/// column p = output pixel) and adds each weight times its row to the output channel; backward uses the
/// same columns for the weight gradient and scatters the column gradient back for the input's.
/// </summary>
internal sealed class ConvLayer
{
    public int InChannels { get; }
    public int OutChannels { get; }
    public int Kernel { get; }
    public int InHeight { get; }
    public int InWidth { get; }
    public int OutHeight => InHeight - Kernel + 1;
    public int OutWidth => InWidth - Kernel + 1;

    /// <summary>Reduction length: in channels x kernel x kernel.</summary>
    public int K => InChannels * Kernel * Kernel;

    public Parameter Weights { get; }
    public Parameter Bias { get; }

    /// <summary>The last forward pass's output, [out channels, out height, out width].</summary>
    public float[] Output { get; }

    /// <summary>The last backward pass's gradient with respect to the input, [in channels, height, width].</summary>
    public float[] InputGradient { get; }

    private readonly float[] _columns, _columnGradient;

    public ConvLayer(string name, int inChannels, int outChannels, int kernel, int inHeight, int inWidth)
    {
        (InChannels, OutChannels, Kernel, InHeight, InWidth) = (inChannels, outChannels, kernel, inHeight, inWidth);
        Weights = new Parameter(name + ".weight", outChannels * K);
        Bias = new Parameter(name + ".bias", outChannels);
        int pixels = OutHeight * OutWidth;
        Output = new float[outChannels * pixels];
        InputGradient = new float[inChannels * inHeight * inWidth];
        _columns = new float[K * pixels];
        _columnGradient = new float[K * pixels];
    }

    public void Forward(ReadOnlySpan<float> x)
    {
        int pixels = OutHeight * OutWidth;
        for (int c = 0, k = 0; c < InChannels; c++)
            for (int i = 0; i < Kernel; i++)
                for (int j = 0; j < Kernel; j++, k++)
                {
                    var row = _columns.AsSpan(k * pixels, pixels);
                    for (int oy = 0, p = 0; oy < OutHeight; oy++)
                    {
                        var source = x.Slice((c * InHeight + oy + i) * InWidth + j, OutWidth);
                        source.CopyTo(row.Slice(p, OutWidth));
                        p += OutWidth;
                    }
                }
        for (int o = 0; o < OutChannels; o++)
        {
            var y = Output.AsSpan(o * pixels, pixels);
            y.Fill(Bias.Value[o]);
            for (int k = 0; k < K; k++)
                VectorMath.Axpy(Weights.Value[o * K + k], _columns.AsSpan(k * pixels, pixels), y);
        }
    }

    /// <summary>Adds this image's gradients to the parameters'; fills <see cref="InputGradient"/> when asked.</summary>
    public void Backward(ReadOnlySpan<float> outputGradient, bool inputGradient)
    {
        int pixels = OutHeight * OutWidth;
        for (int o = 0; o < OutChannels; o++)
        {
            var dy = outputGradient.Slice(o * pixels, pixels);
            Bias.Gradient[o] += VectorMath.Sum(dy);
            for (int k = 0; k < K; k++)
                Weights.Gradient[o * K + k] += VectorMath.Dot(dy, _columns.AsSpan(k * pixels, pixels));
        }
        if (!inputGradient) return;

        Array.Clear(_columnGradient);
        for (int o = 0; o < OutChannels; o++)
        {
            var dy = outputGradient.Slice(o * pixels, pixels);
            for (int k = 0; k < K; k++)
                VectorMath.Axpy(Weights.Value[o * K + k], dy, _columnGradient.AsSpan(k * pixels, pixels));
        }
        Array.Clear(InputGradient);
        for (int c = 0, k = 0; c < InChannels; c++)
            for (int i = 0; i < Kernel; i++)
                for (int j = 0; j < Kernel; j++, k++)
                    for (int oy = 0; oy < OutHeight; oy++)
                    {
                        var dx = InputGradient.AsSpan((c * InHeight + oy + i) * InWidth + j, OutWidth);
                        var dc = _columnGradient.AsSpan(k * pixels + oy * OutWidth, OutWidth);
                        for (int t = 0; t < OutWidth; t++) dx[t] += dc[t];
                    }
    }
}
