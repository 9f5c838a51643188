namespace Sim.Sfu;

/// <summary>tanh(x): the table holds tanh over [0, 8] (past 8 it is 1 within 2.3e-7); tanh is odd, so x's sign is copied onto the value at |x|.</summary>
internal sealed class TanhKernel() : SymmetricKernel(8f)
{
    public override SfuFunction Function => SfuFunction.Tanh;

    public override double Sample(int segment, double u) => Math.Tanh(u * Limit);

    public override double Reference(double x) => Math.Tanh(x);

    protected override float Compute(float x, LookupTable table) => MathF.CopySign(Half(x, table), x);

    /// <summary>Absolute: the table's error and the saturation's.</summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) => HalfError(tableError);
}
