namespace Sim.Sfu;

/// <summary>
/// 1/sqrt(x) for x = m 2^e, m in [1, 2) (subnormals normalised first): with e even m^-1/2 2^(-e/2), with e odd
/// (2m)^-1/2 2^(-(e-1)/2). The exponent's low bit picks the table's half, as a LUT addressed by that bit and the top
/// mantissa bits: segment 0 holds (1 + u)^-1/2 and segment 1 (2 (1 + u))^-1/2 over u = m - 1 in [0, 1); the result is the
/// entry scaled by the halved even exponent. Negative x gives NaN, +-0 +-infinity, +infinity 0.
/// </summary>
internal sealed class RsqrtKernel : SfuKernel
{
    public override SfuFunction Function => SfuFunction.Rsqrt;

    public override int Segments => 2;

    public override double Sample(int segment, double u) => 1 / Math.Sqrt((1 + u) * (segment + 1));

    public override double Reference(double x) => 1 / Math.Sqrt(x);

    protected override float Compute(float x, LookupTable table)
    {
        if (x == 0) return MathF.CopySign(float.PositiveInfinity, x);
        if (!(x > 0)) return float.NaN;
        if (float.IsPositiveInfinity(x)) return 0f;
        int e = MathF.ILogB(x);
        int odd = e & 1;
        return MathF.ScaleB(table.Read(odd, MathF.ScaleB(x, -e) - 1f), -(e - odd) / 2);
    }

    /// <summary>Relative: the table's error over its smallest entry (1/2).</summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) =>
        tableError / stats.MinMagnitude * Math.Abs(reference) + Fp32Subnormal;
}
