namespace Sim.Sfu;

/// <summary>
/// A table's sampled function over u in [0, 1], all segments: its largest and smallest magnitude, and bounds on the magnitude
/// of its first and second derivatives in u (from differences on a fine grid), which bound the interpolation error.
/// </summary>
internal sealed record TableStats(double MaxMagnitude, double MinMagnitude, double MaxSlope, double MaxCurvature)
{
    private const int Grid = 1 << 16;

    public static TableStats Of(SfuKernel kernel)
    {
        double max = 0, min = double.PositiveInfinity, slope = 0, curvature = 0;
        const double step = 1.0 / Grid;
        for (int s = 0; s < kernel.Segments; s++)
        {
            double before = kernel.Sample(s, 0), at = kernel.Sample(s, step);
            max = Math.Max(max, Math.Max(Math.Abs(before), Math.Abs(at)));
            min = Math.Min(min, Math.Min(Math.Abs(before), Math.Abs(at)));
            slope = Math.Max(slope, Math.Abs(at - before) / step);
            for (int k = 2; k <= Grid; k++)
            {
                double next = kernel.Sample(s, k * step);
                max = Math.Max(max, Math.Abs(next));
                min = Math.Min(min, Math.Abs(next));
                slope = Math.Max(slope, Math.Abs(next - at) / step);
                curvature = Math.Max(curvature, Math.Abs(next - 2 * at + before) / (step * step));
                (before, at) = (at, next);
            }
        }
        return new TableStats(max, min, slope, curvature);
    }
}
