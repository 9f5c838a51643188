namespace Sim.Cosim;

/// <summary>
/// The coverage the CI budget must reach on every build of <see cref="ConstrainedRandomCosim.Builds"/>: every line and
/// every reachable functional bin (which it reaches), and toggles a point under the least it reaches (73.3 %, the
/// output-stationary build), so that a change that stops stimulating part of the design fails CI
/// (<c>ConstrainedRandomCosimTests</c>, <c>sim coverage</c>). Line and toggle: Verilator's, over the build's RTL;
/// functional: every bin of every point of <see cref="FunctionalCoverage"/> (weight-stationary builds). What the toggle
/// floor leaves: the high bits of 32-bit MAC counters, which a CI budget cannot reach (the 10-bit build wraps its
/// counters), and a one-buffer build's tied-off second-bank nets.
/// </summary>
internal static class CoverageFloor
{
    public const double Lines = 1.0;
    public const double Toggles = 0.72;
    public const double Functional = 1.0;

    /// <summary>What falls below a floor, in words; empty when nothing does.</summary>
    public static IEnumerable<string> Shortfalls(RtlConfig build, CodeCoverage code, IReadOnlyList<CoverPoint> points)
    {
        if (code.LineFraction < Lines) yield return $"{build.Name}: line coverage {code.LineFraction:P1}, below the floor of {Lines:P0}";
        if (code.ToggleFraction < Toggles) yield return $"{build.Name}: toggle coverage {code.ToggleFraction:P1}, below the floor of {Toggles:P0}";
        foreach (var point in points.Where(p => p.Fraction < Functional))
            yield return $"{build.Name}: cover point '{point.Name}' {point.Hit} of {point.Bins} bins, below the floor of {Functional:P0}";
    }
}
