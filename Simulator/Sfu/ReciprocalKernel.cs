namespace Sim.Sfu;

/// <summary>
/// 1/x for x = +-m 2^e, m in [1, 2) (subnormals normalised first): +-(1/m) 2^-e. The table holds 1/(1 + u) over the
/// mantissa's fraction u = m - 1 in [0, 1) (exact in fp32); the result is the entry scaled by 2^-e with x's sign. Zeros give
/// infinities of their sign, infinities zeros of theirs.
/// </summary>
internal sealed class ReciprocalKernel : SfuKernel
{
    public override SfuFunction Function => SfuFunction.Reciprocal;

    public override double Sample(int segment, double u) => 1 / (1 + u);

    public override double Reference(double x) => 1 / x;

    protected override float Compute(float x, LookupTable table)
    {
        if (x == 0) return MathF.CopySign(float.PositiveInfinity, x);
        if (float.IsInfinity(x)) return MathF.CopySign(0f, x);
        int e = MathF.ILogB(x);
        float m = MathF.ScaleB(MathF.Abs(x), -e);
        return MathF.CopySign(MathF.ScaleB(table.Read(0, m - 1f), -e), x);
    }

    /// <summary>Relative: the table's error over its smallest entry (1/2); plus a subnormal's spacing for results below fp32's normal range.</summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) =>
        tableError / stats.MinMagnitude * Math.Abs(reference) + Fp32Subnormal;
}
