namespace Sim.Numerics;

/// <summary>
/// The standard normal distribution function Phi(x) = erfc(-x / sqrt 2) / 2 in float64 (.NET has no erf): GELU's table and
/// its float64 reference. erfc(z) for z &gt;= 0: below 2, 1 - erf(z) from erf's Maclaurin series (terms fall below 1e-17
/// of the sum; cancellation costs at most a few units of 1e-16 there); from 2 on, its continued fraction
/// erfc(z) = exp(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...)))), 120 levels deep, converged to float64 there.
/// </summary>
internal static class NormalCdf
{
    public static double Phi(double x) => x >= 0 ? 1 - Erfc(x / Math.Sqrt(2)) / 2 : Erfc(-x / Math.Sqrt(2)) / 2;

    /// <summary>erfc(z) for z &gt;= 0 (NaN for NaN).</summary>
    public static double Erfc(double z)
    {
        if (double.IsNaN(z)) return z;
        if (z < 2)
        {
            // sum over n of (-1)^n z^(2n+1) / (n! (2n + 1)); power holds (-1)^n z^(2n+1) / n!.
            double power = z, sum = z, z2 = z * z;
            for (int n = 1; Math.Abs(power) > 1e-17 * Math.Abs(sum); n++)
            {
                power *= -z2 / n;
                sum += power / (2 * n + 1);
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        double fraction = z;
        for (int k = 120; k >= 1; k--)
            fraction = z + k / 2.0 / fraction;
        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / fraction;
    }
}
