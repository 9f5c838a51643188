using Sim.Numerics;

namespace Sim.Workload;

/// <summary>
/// The scales of a quantised layer (ONNX QLinear convention: real = scale x (q - zero point)).
/// Inputs and weights are symmetric int8 (zero point 0); the output scale is chosen so that the
/// int32 sums of random operands spread over the int8 range instead of saturating.
/// </summary>
internal sealed record QuantParams(float InputScale, float WeightScale, float OutputScale, int OutputZeroPoint)
{
    public const float DefaultInputScale = 1f / 64;
    public const float DefaultWeightScale = 1f / 128;

    /// <summary>
    /// For a reduction of <paramref name="k"/> products of int8 values (standard deviation about 74
    /// each), the sum's deviation is about 74 x 74 x sqrt(k); mapping that to 24 output steps keeps
    /// most outputs inside [-128, 127].
    /// </summary>
    public static QuantParams ForReduction(int k)
    {
        double sumDeviation = 74.0 * 74.0 * Math.Sqrt(k);
        float outputScale = (float)(DefaultInputScale * DefaultWeightScale * sumDeviation / 24.0);
        return new QuantParams(DefaultInputScale, DefaultWeightScale, outputScale, 0);
    }

    /// <summary>
    /// For a reduction of <paramref name="k"/> products of <paramref name="format"/> operands (uniform over
    /// the non-zero values) requantised to <paramref name="output"/>: int8 to int8 is <see cref="ForReduction"/>;
    /// other signed formats map the sum's deviation (sigma_a sigma_w sqrt(k)) to the output's range / 5.33, as
    /// int8 maps it to 24 steps; uint8 maps the mean sum (k x 128 x 128) to half the output's maximum. Float layers do not scale.
    /// </summary>
    public static QuantParams For(int k, ElementFormat format, ElementFormat output)
    {
        if (format == ElementFormat.Int8 && output == ElementFormat.Int8)
            return ForReduction(k);
        var info = format.Info();
        if (info.IsFloat)
            return new QuantParams(1, 1, 1, 0);
        double sum;
        if (!info.IsSigned)
            sum = k * 128.0 * 128.0 / ((output.Info().MaxFinite + 1) / 2);
        else
        {
            double sigma = (info.MaxFinite + 1) / Math.Sqrt(3);
            sum = sigma * sigma * Math.Sqrt(k) / ((output.Info().MaxFinite + 1) / 5.33);
        }
        float outputScale = (float)(DefaultInputScale * DefaultWeightScale * sum);
        return new QuantParams(DefaultInputScale, DefaultWeightScale, outputScale, 0);
    }

    /// <summary>The single multiplier the output stage applies, computed in fp32 as ONNX does.</summary>
    public float Multiplier => InputScale * WeightScale / OutputScale;
}
