using System.Text.Json.Nodes;
using ScottPlot;
using Sim.Report;

namespace Sim.Sweep;

/// <summary>
/// A sweep's scale-out view, drawn when its points run on two or more core counts (whichever axis set them): throughput
/// (inferences per second: the batch over the latency) and energy per inference against the core count, each point's
/// other axes (if any) a series of its own, with ideal linear scaling from the fewest cores drawn for reference.
/// </summary>
internal static class ScalingPlot
{
    /// <summary>What the plot needs of a point: its cores and batch (from its resolved configuration), and its results.</summary>
    public sealed record ScalePoint(int Cores, int Batch, double InferencesPerSecond, double EnergyUjPerInference, string Others);

    /// <summary>The points as the plot reads them, or none when they do not span two core counts.</summary>
    public static IReadOnlyList<ScalePoint> Points(IReadOnlyList<PointRecord> records)
    {
        var cores = records.Select(r => Scenario(r)["Hardware"]!["Cores"]!.GetValue<int>()).ToArray();
        if (cores.Distinct().Count() < 2) return [];
        var axes = records.Select(r => JsonNode.Parse(r.AxesJson)!.AsObject()
            .ToDictionary(kv => kv.Key, kv => SweepExport.Text(kv.Value))).ToArray();
        var all = Enumerable.Range(0, records.Count).ToArray();
        // The axes that set the core count (their values and the cores go one to one) name no series; the others do.
        bool SetsCores(string axis) =>
            all.GroupBy(i => axes[i].GetValueOrDefault(axis, "")).All(g => g.Select(i => cores[i]).Distinct().Count() == 1)
            && all.GroupBy(i => cores[i]).All(g => g.Select(i => axes[i].GetValueOrDefault(axis, "")).Distinct().Count() == 1);
        var others = SweepExport.AxisNames(records).Where(a => !SetsCores(a)).ToArray();
        return all.Select(i =>
        {
            var r = records[i];
            int batch = Scenario(r)["Batch"]!.GetValue<int>();
            string series = string.Join(", ", others.Select(a => $"{a} = {axes[i].GetValueOrDefault(a, "")}"));
            return new ScalePoint(cores[i], batch, r.LatencyUs == 0 ? 0 : batch * 1e6 / r.LatencyUs, r.EnergyUj / batch, series);
        }).ToArray();
    }

    /// <summary>Writes scaling-throughput.png and scaling-energy.png; returns their paths (none when the points do not span two core counts).</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<PointRecord> records, string directory)
    {
        var points = Points(records);
        if (points.Count == 0) return [];
        var throughput = new Plot();
        throughput.Font.Set(PlotFont.Family);
        var energy = new Plot();
        energy.Font.Set(PlotFont.Family);
        var series = points.GroupBy(p => p.Others).ToList();
        for (int s = 0; s < series.Count; s++)
        {
            var line = series[s].OrderBy(p => p.Cores).ToArray();
            var cores = line.Select(p => (double)p.Cores).ToArray();
            string name = series.Count == 1 ? "simulated" : series[s].Key;
            var t = throughput.Add.Scatter(cores, line.Select(p => p.InferencesPerSecond).ToArray());
            t.LegendText = name;
            t.MarkerSize = 8;
            var e = energy.Add.Scatter(cores, line.Select(p => p.EnergyUjPerInference).ToArray());
            e.LegendText = name;
            e.MarkerSize = 8;
            if (s > 0) continue;
            // Linear scaling from the fewest cores: what a split with no memory or network bound would give.
            var ideal = throughput.Add.Scatter(cores, cores.Select(c => line[0].InferencesPerSecond * c / line[0].Cores).ToArray());
            ideal.LegendText = "linear from " + Sim.Config.Plural.Of(line[0].Cores, "core");
            ideal.LinePattern = LinePattern.Dashed;
            ideal.Color = Colors.Gray;
            ideal.MarkerSize = 0;
        }
        string batch = string.Join(", ", points.Select(p => p.Batch).Distinct().Order());
        var counts = points.Select(p => p.Cores).Distinct().Order().ToArray();
        Style(throughput, $"Throughput against cores (batch {batch})", "inferences / s", counts);
        Style(energy, $"Energy per inference against cores (batch {batch})", "energy per inference (µJ)", counts);
        string throughputPath = Path.Combine(directory, "scaling-throughput.png"), energyPath = Path.Combine(directory, "scaling-energy.png");
        AtomicFile.Write(throughputPath, throughput.GetImageBytes(Width, Height, ImageFormat.Png));
        AtomicFile.Write(energyPath, energy.GetImageBytes(Width, Height, ImageFormat.Png));
        return [throughputPath, energyPath];
    }

    private const int Width = 1000, Height = 600;

    /// <summary>Titles and a tick at each core count swept, and none between: a chip has no 1.5 cores.</summary>
    private static void Style(Plot plot, string title, string y, int[] coreCounts)
    {
        plot.Title(title);
        plot.XLabel("cores");
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int c in coreCounts) ticks.AddMajor(c, c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.YLabel(y);
        plot.Axes.Margins(0.1, 0.15);
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>A record's resolved scenario: its canonical configuration (<see cref="ConfigHash"/>) after the two header lines.</summary>
    private static JsonNode Scenario(PointRecord r)
    {
        int body = r.Config.IndexOf('\n', r.Config.IndexOf('\n') + 1) + 1;
        return JsonNode.Parse(r.Config[body..])!;
    }
}
