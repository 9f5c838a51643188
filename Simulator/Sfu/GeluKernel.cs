using Sim.Numerics;

namespace Sim.Sfu;

/// <summary>
/// GELU(x) = x Phi(x): the table holds Phi over [0, 8] (past 8 Phi is 1 within 7e-16), Phi(x) = 1 - Phi(-x) below 0 (exact
/// in fp32: the values are in [1/2, 1]), and one fp32 multiply by x gives the result, so the error scales with |x| and the
/// outputs near 0 keep their relative accuracy. ONNX's approximate = "tanh" loads the table with that form's Phi,
/// (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2, which has the same symmetry.
/// </summary>
internal sealed class GeluKernel(bool tanhForm) : SymmetricKernel(8f)
{
    public override SfuFunction Function => SfuFunction.Gelu;

    public override double Sample(int segment, double u) => Cdf(u * Limit);

    public override double Reference(double x) => x * Cdf(x);

    private double Cdf(double x) => tanhForm
        ? (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))) / 2
        : NormalCdf.Phi(x);

    protected override float Compute(float x, LookupTable table)
    {
        float s = Half(x, table);
        return x * (x < 0 ? 1f - s : s);
    }

    /// <summary>|x| times the table's and the saturation's error, plus the multiply's rounding and a subnormal's spacing.</summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) =>
        Math.Abs(x) * HalfError(tableError) + Fp32Unit * Math.Abs(reference) + Fp32Subnormal;
}
