namespace Sim.Workload;

/// <summary>
/// The scales of a quantised layer (ONNX QLinear convention: real = scale x (q - zero point)).
/// Inputs and weights are symmetric int8 (zero point 0); the output scale is chosen so that the
/// int32 sums of random operands spread over the int8 range instead of saturating.
/// </summary>
public sealed record QuantParams(float InputScale, float WeightScale, float OutputScale, int OutputZeroPoint)
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

    /// <summary>The single multiplier the output stage applies, computed in fp32 as ONNX does.</summary>
    public float Multiplier => InputScale * WeightScale / OutputScale;
}
