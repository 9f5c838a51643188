namespace Sim.Sfu;

/// <summary>tanh(x): the table holds tanh over [0, 8] (past 8 it is 1 within 2.3e-7).</summary>
internal sealed class TanhKernel() : OddKernel(8f)
{
    public override SfuFunction Function => SfuFunction.Tanh;

    public override double Sample(int segment, double u) => Math.Tanh(u * Limit);

    public override double Reference(double x) => Math.Tanh(x);
}
