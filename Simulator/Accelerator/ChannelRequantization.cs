namespace Sim.Accelerator;

/// <summary>
/// The output stage's per-channel registers for one integer layer: for output channel c, an int32 bias
/// added to the accumulator and an fp32 multiplier (x_scale x w_scale[c] / y_scale), as ONNX's QLinearConv
/// with per-channel weight scales and a bias input.
/// </summary>
internal sealed record ChannelRequantization(float[] Multipliers, int[] Bias)
{
    public int Channels => Multipliers.Length;
}
