using Sim.Sweep;
using Sim.Tests.Config;

namespace Sim.Tests.Sweep;

/// <summary>Small sweep files over the config tests' hardware and scenario, written into a temporary directory.</summary>
internal static class SweepTestSupport
{
    /// <summary>hw.yaml and scenario.yaml (two small layers) in <paramref name="dir"/>; returns the scenario path.</summary>
    public static string WriteBase(TempConfigDir dir)
    {
        dir.Write("hw.yaml", ConfigTestSupport.Hardware);
        return dir.Write("scenario.yaml", ConfigTestSupport.ScenarioHead + ConfigTestSupport.TwoLayers);
    }

    /// <summary>A sweep file: the header naming scenario.yaml, then <paramref name="body"/> (axes from line 3 on).</summary>
    public static string WriteSweep(TempConfigDir dir, string body, string name = "sweep.yaml")
    {
        WriteBase(dir);
        return dir.Write(name, "name: test-sweep\nscenario: scenario.yaml\n" + body);
    }

    public static IReadOnlyList<ResolvedPoint> Resolve(string sweepPath)
    {
        var spec = SweepLoader.Load(sweepPath);
        return new PointResolver(spec).ResolveAll(PointGenerator.Generate(spec));
    }
}
