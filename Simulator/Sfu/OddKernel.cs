namespace Sim.Sfu;

/// <summary>
/// An odd function that saturates to 1 past the table's limit (tanh, erf): x's sign is copied onto the value at |x|, and the
/// error allowed is absolute, the table's and the saturation's.
/// </summary>
internal abstract class OddKernel(float limit) : SymmetricKernel(limit)
{
    protected sealed override float Compute(float x, LookupTable table) => MathF.CopySign(Half(x, table), x);

    public sealed override double Allowed(double x, double reference, double tableError, TableStats stats) => HalfError(tableError);
}
