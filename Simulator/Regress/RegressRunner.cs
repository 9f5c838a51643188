using Sim.Config;
using Sim.Run;
using Sim.Scenarios;

namespace Sim.Regress;

/// <summary>One case's outcome: every difference found (within tolerance or not) and a note when there is no baseline to compare with.</summary>
internal sealed record CaseOutcome(string Case, int Layers, IReadOnlyList<Difference> Differences, string? Note)
{
    public bool Regressed => Note != null || Differences.Any(d => d.Verdict == Verdict.Regressed);

    /// <summary>Better than the baseline beyond tolerance somewhere, and worse nowhere.</summary>
    public bool Improved => !Regressed && Differences.Any(d => d.Verdict == Verdict.Improved);
}

/// <summary>
/// Runs each case of a suite and compares it with its baseline: total and per-layer cycles and
/// energy within the case's relative tolerances, each layer's output hash exactly, each layer
/// bit-exact against the golden model, and the same layers in the same order. With update, the
/// baselines are rewritten from this run instead.
/// </summary>
internal static class RegressRunner
{
    public static IReadOnlyList<CaseOutcome> Run(RegressSuite suite, bool update, Action<RegressCase>? onCaseStart = null)
    {
        var outcomes = new List<CaseOutcome>();
        foreach (var c in suite.Cases)
        {
            onCaseStart?.Invoke(c);
            var scenario = ScenarioLoader.Load(c.ScenarioPath, c.HardwarePath);
            if (c.Offload is { } offload)
                scenario = scenario with { Execution = new ExecutionConfig(offload, Fuse: offload == Offload.Network) };
            var hw = scenario.Hardware;
            if (c.Mapper is { } mode) hw = hw with { Mapper = hw.Mapper with { Mode = mode } };
            if (c.Im2Col is { } im2col) hw = hw with { PeArray = hw.PeArray with { Im2Col = im2col } };
            var run = ScenarioRunner.Run(scenario with { Hardware = hw });
            var actual = Baseline.From(c.Name, run);
            var notExact = run.Layers.Where(l => !l.BitExact)
                .Select(l => new Difference(c.Name, l.Name, "bit_exact", "true", "false", null, null, Verdict.Regressed)).ToList();
            if (update)
            {
                actual.Write(c.BaselinePath);
                outcomes.Add(new CaseOutcome(c.Name, run.Layers.Count, notExact, null));
                continue;
            }
            var baseline = Baseline.Read(c.BaselinePath);
            if (baseline == null)
            {
                outcomes.Add(new CaseOutcome(c.Name, run.Layers.Count, notExact, $"no baseline {c.BaselinePath} (run with --update to write it)"));
                continue;
            }
            var differences = new List<Difference>(notExact);
            differences.AddRange(Compare(c, baseline, actual));
            outcomes.Add(new CaseOutcome(c.Name, run.Layers.Count, differences, null));
        }
        return outcomes;
    }

    public static IEnumerable<Difference> Compare(RegressCase c, Baseline baseline, Baseline actual)
    {
        foreach (var d in Number(c.Name, "total", "cycles", baseline.TotalCycles, actual.TotalCycles, c.Tolerances.Cycles)) yield return d;
        foreach (var d in Number(c.Name, "total", "energy_uj", baseline.EnergyUj, actual.EnergyUj, c.Tolerances.Energy)) yield return d;
        var baseNames = baseline.Layers.Select(l => l.Name).ToList();
        var actualNames = actual.Layers.Select(l => l.Name).ToList();
        if (!baseNames.SequenceEqual(actualNames))
        {
            yield return new Difference(c.Name, "-", "layers", string.Join(" ", baseNames), string.Join(" ", actualNames), null, null, Verdict.Regressed);
            yield break;
        }
        for (int i = 0; i < baseline.Layers.Count; i++)
        {
            var (b, a) = (baseline.Layers[i], actual.Layers[i]);
            foreach (var d in Number(c.Name, a.Name, "cycles", b.Cycles, a.Cycles, c.Tolerances.Cycles)) yield return d;
            foreach (var d in Number(c.Name, a.Name, "energy_uj", b.EnergyUj, a.EnergyUj, c.Tolerances.Energy)) yield return d;
            if (!string.Equals(b.OutputSha256, a.OutputSha256, StringComparison.OrdinalIgnoreCase))
                yield return new Difference(c.Name, a.Name, "output_sha256", Short(b.OutputSha256), Short(a.OutputSha256), null, null, Verdict.Regressed);
        }
    }

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] : hash;

    /// <summary>A number compared with its baseline; for both metrics compared (cycles and energy) less is better.</summary>
    private static IEnumerable<Difference> Number(string caseName, string layer, string metric, double baseline, double actual, double tolerance)
    {
        if (baseline == actual)
            yield break;
        double relative = baseline == 0
            ? (actual > 0 ? double.PositiveInfinity : double.NegativeInfinity)
            : (actual - baseline) / Math.Abs(baseline);
        var verdict = Math.Abs(relative) <= tolerance ? Verdict.WithinTolerance : relative < 0 ? Verdict.Improved : Verdict.Regressed;
        yield return new Difference(caseName, layer, metric, Format(baseline), Format(actual), relative, tolerance, verdict);
    }

    private static string Format(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e15
            ? v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("#,0.######", System.Globalization.CultureInfo.InvariantCulture);
}
