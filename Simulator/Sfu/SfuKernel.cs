using Sim.Config;

namespace Sim.Sfu;

/// <summary>
/// One function of the SFU: how an fp32 argument is reduced to a table segment and a position u in [0, 1], what the table
/// holds there (<see cref="Sample"/>, float64), and how the entry read is turned back into the result (fp32). Each kernel
/// also gives its float64 reference value and the error it allows (<see cref="Allowed"/>) on top of its table's own error.
/// </summary>
internal abstract class SfuKernel
{
    public abstract SfuFunction Function { get; }

    /// <summary>Equal parts of the table, each sampling u over [0, 1].</summary>
    public virtual int Segments => 1;

    /// <summary>The exact (float64) value table segment <paramref name="segment"/> holds at reduced argument <paramref name="u"/>.</summary>
    public abstract double Sample(int segment, double u);

    /// <summary>The function in float64 at <paramref name="x"/>: what every output's error is measured against.</summary>
    public abstract double Reference(double x);

    /// <summary>The result at <paramref name="x"/>, reading <paramref name="table"/> (built from <see cref="Sample"/>); a NaN passes through unchanged.</summary>
    public float Evaluate(float x, LookupTable table) => float.IsNaN(x) ? x : Compute(x, table);

    /// <summary>The result at <paramref name="x"/>, not a NaN.</summary>
    protected abstract float Compute(float x, LookupTable table);

    /// <summary>
    /// The largest |result - reference| this kernel allows at <paramref name="x"/>, given <paramref name="tableError"/>,
    /// the largest error of a table read against the exact samples (<see cref="SfuErrorBound"/>), and the table's
    /// <paramref name="stats"/>.
    /// </summary>
    public abstract double Allowed(double x, double reference, double tableError, TableStats stats);

    public LookupTable Table(SfuConfig config) => new(config, Segments, Sample);

    /// <summary>fp32's unit roundoff: an fp32 operation's relative rounding error.</summary>
    protected const double Fp32Unit = 5.9604644775390625e-8;

    /// <summary>The spacing of fp32's subnormals: an absolute error bound of a result scaled into that range.</summary>
    protected const double Fp32Subnormal = 1.401298464324817e-45;
}
