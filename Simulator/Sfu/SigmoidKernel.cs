namespace Sim.Sfu;

/// <summary>
/// sigmoid(x) = 1 / (1 + e^-x): the table holds sigmoid over [0, 16] (past 16 it is 1 within 1.2e-7); for x &lt; 0,
/// sigmoid(x) = 1 - sigmoid(-x), exact in fp32 (the table's values are in [1/2, 1]). sigmoid(0) is the first entry, 1/2 exactly.
/// </summary>
internal sealed class SigmoidKernel() : SymmetricKernel(16f)
{
    public override SfuFunction Function => SfuFunction.Sigmoid;

    public override double Sample(int segment, double u) => Reference(u * Limit);

    public override double Reference(double x) => 1 / (1 + Math.Exp(-x));

    protected override float Compute(float x, LookupTable table)
    {
        float s = Half(x, table);
        return x < 0 ? 1f - s : s;
    }

    /// <summary>Absolute: the table's error and the saturation's.</summary>
    public override double Allowed(double x, double reference, double tableError, TableStats stats) => HalfError(tableError);
}
