using MathNet.Numerics;

namespace Sim.Sfu;

/// <summary>
/// erf(x): the table holds erf over [0, 4]; past 4 it is 1 within erf(4) = 1 - 1.5e-8, below half of fp32's spacing just
/// under 1 (2^-25 = 3e-8), so the saturation costs less than fp32's own rounding of 1 - 1.5e-8. The float64 reference is
/// MathNet's erf.
/// </summary>
internal sealed class ErfKernel() : OddKernel(4f)
{
    public override SfuFunction Function => SfuFunction.Erf;

    public override double Sample(int segment, double u) => SpecialFunctions.Erf(u * Limit);

    public override double Reference(double x) => SpecialFunctions.Erf(x);
}
