using Sim.Config;
using Sim.Numerics;

namespace Sim.Sfu;

/// <summary>
/// The SFU's stated error bound for one function on one configuration: every result y at x satisfies
/// |y - f(x)| &lt;= <see cref="Allowed"/>(x), f the float64 reference. A table read's error against the exact function of
/// the reduced argument is at most
///   rounding the entry:      max|g| 2^-(p+1) + half the format's smallest subnormal (p: the format's mantissa bits)
///   reading between entries: linear h^2 / 8 max|g''|, nearest h / 2 max|g'|  (h = 1 / (n - 1), n entries a segment)
///   fp32 arithmetic:         max|g| 2^-22 (the difference and the FMA) + max|g'| 2^-22 (u and its position rounded)
/// with g's bounds from <see cref="TableStats"/>; each kernel adds its range reduction's and reconstruction's share.
/// </summary>
internal sealed class SfuErrorBound
{
    private readonly SfuKernel _kernel;
    private readonly TableStats _stats;

    public SfuErrorBound(SfuKernel kernel, SfuConfig config)
    {
        _kernel = kernel;
        _stats = TableStats.Of(kernel);
        var info = config.TableFormat.Info();
        double h = 1.0 / (config.LutEntries / kernel.Segments - 1);
        double rounding = _stats.MaxMagnitude * Math.ScaleB(1, -(info.MantissaBits + 1)) + Math.ScaleB(1, -info.Bias - info.MantissaBits);
        double between = config.Interpolation == SfuInterpolation.Linear ? h * h / 8 * _stats.MaxCurvature : h / 2 * _stats.MaxSlope;
        TableError = rounding + between + (_stats.MaxMagnitude + _stats.MaxSlope) * Math.ScaleB(1, -22);
    }

    /// <summary>The largest error of a table read against the exact sample at the same reduced argument.</summary>
    public double TableError { get; }

    public double Allowed(double x, double reference) => _kernel.Allowed(x, reference, TableError, _stats);
}
