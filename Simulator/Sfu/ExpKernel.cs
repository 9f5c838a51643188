namespace Sim.Sfu;

/// <summary>
/// exp(x) = 2^t, t = x log2(e) (one fp32 rounding), split into n = floor(t) and r = t - n in [0, 1] (r rounds to 1 only
/// when t is a hair below an integer, and the table's last entry, 2, covers it). The table holds 2^r over [0, 1]; the
/// result is the entry scaled by 2^n, an exponent add (exact, but for results fp32 must round to a subnormal or
/// overflow, as exp does). t is clamped to [-160, 160] first, past fp32's range either way, so that n fits an int.
///
/// </summary>
internal sealed class ExpKernel : SfuKernel
{
    private const float Log2E = 1.44269504f;

    public override SfuFunction Function => SfuFunction.Exp;

    public override double Sample(int segment, double u) => Math.Pow(2, u);

    public override double Reference(double x) => Math.Exp(x);

    protected override float Compute(float x, LookupTable table)
    {
        float t = Math.Clamp(x * Log2E, -160f, 160f);
        float n = MathF.Floor(t);
        return MathF.ScaleB(table.Read(0, t - n), (int)n);
    }

    /// <summary>
    /// Relative: the table's error over its smallest entry (2^0), plus t's rounding (|t| 2^-24, which moves the result by
    /// ln 2 |t| 2^-24 = |x| 2^-24 relative) and r's (2^-24), plus an fp32 subnormal's spacing for results scaled below fp32's
    /// normal range.
    /// </summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) =>
        (tableError / stats.MinMagnitude + (Math.Abs(x) + 1) * Fp32Unit) * Math.Abs(reference) + Fp32Subnormal;
}
