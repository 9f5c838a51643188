namespace Sim.Regress;

/// <summary>How a metric that differs from its baseline is judged.</summary>
internal enum Verdict
{
    /// <summary>Changed, within the case's tolerance.</summary>
    WithinTolerance,

    /// <summary>
    /// Better than the baseline beyond the tolerance (fewer cycles, less energy): the baseline is out of date, the
    /// simulator is not wrong, so the suite still passes and says to record it.
    /// </summary>
    Improved,

    /// <summary>Worse beyond the tolerance, or a change that has no better (an output hash, the layer list, bit-exactness).</summary>
    Regressed,
}

/// <summary>
/// A metric that differs from its baseline: where, both values, the relative change (signed: negative is fewer
/// cycles or less energy) and its tolerance, and the verdict.
/// </summary>
internal sealed record Difference(string Case, string Layer, string Metric, string Baseline, string Actual, double? Relative, double? Tolerance, Verdict Verdict);
