using System.Globalization;
using Sim.Config;
using YamlDotNet.RepresentationModel;
using Sim.Scenarios;

namespace Sim.Regress;

/// <summary>Relative tolerances per metric: 0 means equal; 0.001 means within 0.1 % of the baseline.</summary>
internal sealed record Tolerances(double Cycles, double Energy)
{
    public static readonly Tolerances Default = new(0, 0.001);
}

/// <summary>One scenario of a suite, with optional hardware replacing the scenario's, and where its baseline lives.</summary>
internal sealed record RegressCase(string Name, string ScenarioPath, string? HardwarePath, string BaselinePath, Tolerances Tolerances)
{
    /// <summary>The case's <c>offload:</c>, replacing the scenario's execution (with fusion off for <c>layer</c>), or null.</summary>
    public Offload? Offload { get; init; }

    /// <summary>The case's <c>mapper:</c> mode, replacing the hardware's, or null.</summary>
    public MapperMode? Mapper { get; init; }

    /// <summary>The case's <c>im2col:</c>, replacing the hardware's <c>pe_array.im2col</c>, or null.</summary>
    public Im2ColSource? Im2Col { get; init; }
}

internal sealed record RegressSuite(string Name, string SourcePath, IReadOnlyList<RegressCase> Cases);

/// <summary>
/// Loads a regression suite (scenarios/regress/suite.yaml). Keys: <c>name</c>, <c>tolerances</c>
/// (<c>cycles</c>, <c>energy</c>: a fraction such as 0.001 or a percentage such as "0.1%"; defaults
/// 0 and 0.1 %), <c>cases</c>: a list of { <c>scenario</c>, optional <c>name</c> (default: the
/// scenario file's name), <c>hardware</c>, <c>offload</c> (network or layer), <c>mapper</c> (a
/// <c>mapper.mode</c>) and <c>im2col</c> (a <c>pe_array.im2col</c>) replacing the hardware's, <c>baseline</c> (default: NAME.baseline.json beside the
/// suite), <c>tolerances</c> }. Paths are relative to the suite file.
/// </summary>
internal static class RegressSuiteLoader
{
    private static readonly string[] TopKeys = ["name", "tolerances", "cases"];
    private static readonly string[] CaseKeys = ["name", "scenario", "hardware", "offload", "mapper", "im2col", "baseline", "tolerances"];
    private static readonly (string, Offload)[] Offloads = [("network", Offload.Network), ("layer", Offload.Layer)];
    private static readonly string[] ToleranceKeys = ["cycles", "energy"];

    public static RegressSuite Load(string path)
    {
        var root = MappingReader.Root(path, YamlFile.LoadMapping(path, "regression suite with keys " + string.Join(", ", TopKeys)));
        root.RejectUnknownKeys(TopKeys);
        string name = root.Has("name") ? root.Text("name") : Path.GetFileNameWithoutExtension(path);
        var suiteTolerances = root.Has("tolerances") ? ReadTolerances(root.Mapping("tolerances"), Tolerances.Default) : Tolerances.Default;
        string dir = Path.GetDirectoryName(path) ?? "";
        var cases = new List<RegressCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = root.MappingList("cases");
        if (list.Count == 0)
            throw root.ErrorAt(root.Required("cases"), "cases: expected at least one case");
        foreach (var c in list)
        {
            c.RejectUnknownKeys(CaseKeys);
            string scenario = File(c, "scenario", dir)!;
            string caseName = c.Has("name") ? c.Text("name") : Path.GetFileNameWithoutExtension(scenario);
            if (!names.Add(caseName))
                throw c.ErrorAt(c.Has("name") ? c.Required("name") : c.Required("scenario"),
                    $"{c.Path}: a second case named '{caseName}' (give each a distinct name)");
            string? hardware = c.Has("hardware") ? File(c, "hardware", dir) : null;
            string baseline = c.Has("baseline")
                ? Path.Combine(dir, c.PathText("baseline"))
                : Path.Combine(dir, caseName + ".baseline.json");
            var tolerances = c.Has("tolerances") ? ReadTolerances(c.Mapping("tolerances"), suiteTolerances) : suiteTolerances;
            cases.Add(new RegressCase(caseName, scenario, hardware, baseline, tolerances)
            {
                Offload = c.Has("offload") ? c.Choice("offload", Offloads) : null,
                Mapper = c.Has("mapper") ? c.Choice("mapper", MapperConfig.Modes) : null,
                Im2Col = c.Has("im2col") ? c.Choice("im2col", MapperConfig.Im2ColSources) : null,
            });
        }
        return new RegressSuite(name, path, cases);
    }

    private static string? File(MappingReader m, string key, string dir)
    {
        string relative = m.PathText(key);
        string resolved = Path.IsPathRooted(relative) ? relative : Path.Combine(dir, relative);
        m.RequireFile(key, relative, resolved);
        return resolved;
    }

    private static Tolerances ReadTolerances(MappingReader m, Tolerances fallback)
    {
        m.RejectUnknownKeys(ToleranceKeys);
        return new Tolerances(
            m.Has("cycles") ? Fraction(m, "cycles") : fallback.Cycles,
            m.Has("energy") ? Fraction(m, "energy") : fallback.Energy);
    }

    /// <summary>A relative tolerance: a number from 0 to 1, or a percentage written "0.1%".</summary>
    private static double Fraction(MappingReader m, string key)
    {
        var node = m.Required(key);
        if (node is YamlScalarNode { Value: { } text } && text.TrimEnd().EndsWith('%')
            && double.TryParse(text.TrimEnd()[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent)
            && percent >= 0 && percent <= 100)
            return percent / 100;
        return m.Number(key, 0, 1, minExclusive: false);
    }
}
