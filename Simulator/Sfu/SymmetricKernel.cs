namespace Sim.Sfu;

/// <summary>
/// A function of |x| over a clamped range, for functions that flatten out: the table holds h(u L) over u = |x| / L in
/// [0, 1] (L a power of two, so u is exact but for subnormals), and |x| &gt;= L saturates to 1, the limit of every h here
/// (sigmoid, tanh, the normal distribution). The kernel then uses the function's symmetry for negative x; the saturation
/// costs |1 - h(L)|, added to the bound.
/// </summary>
internal abstract class SymmetricKernel(float limit) : SfuKernel
{
    /// <summary>L: the end of the table's range.</summary>
    public float Limit { get; } = limit;

    /// <summary>h at |x|, the function the table samples: h(|x|) for |x| &lt; L, else 1.</summary>
    protected float Half(float x, LookupTable table)
    {
        float a = MathF.Abs(x);
        return a < Limit ? table.Read(0, a / Limit) : 1f;
    }

    /// <summary>The table's error plus the saturation's, the larger of the two at either side of L.</summary>
    protected double HalfError(double tableError) => tableError + Math.Abs(1 - Sample(0, 1));
}
