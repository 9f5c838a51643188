using Sim.Numerics;

namespace Sim.Operators;

/// <summary>
/// How far one float output may lie from its golden value: <see cref="Ulps"/> units in the last place of the
/// output format at the golden value, plus <see cref="Absolute"/> for the terms of an error derivation that do not
/// scale with the output (the rounding of terms larger than their sum: cancellation in a dot product, an average, a
/// BatchNormalization near its mean). An architect reads the first as "within N ulp".
/// </summary>
internal readonly record struct FloatTolerance(double Ulps, double Absolute)
{
    /// <summary>The largest |actual - golden| allowed at <paramref name="golden"/>.</summary>
    public double Allowed(double golden, ElementFormat format) => Ulps * FloatCheck.Ulp(golden, format) + Absolute;

    /// <summary>Only units in the last place: a result whose every rounding is relative to itself.</summary>
    public static FloatTolerance InUlps(double ulps) => new(ulps, 0);

    /// <summary>
    /// An average of <paramref name="count"/> terms as an fp32 sum in any order divided by the count, the terms' mean
    /// magnitude <paramref name="meanMagnitude"/>: the sum's count - 1 roundings each within u of a partial sum no larger
    /// than the sum of magnitudes, so within count u meanMagnitude after the divide (absolute: the terms may cancel);
    /// the divide's rounding and the golden model's, each within 1 ulp of the output.
    /// </summary>
    public static FloatTolerance Average(long count, double meanMagnitude) => new(2, count * FloatCheck.Unit * meanMagnitude);
}
