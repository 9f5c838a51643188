using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Sim.Report;

/// <summary>
/// The hardware's roofline with each PE-array layer on it. Four roofs, from summary.json (see
/// <see cref="Sim.Run.HardwareRoofs"/> for how each derives from the hardware): peak compute, and the
/// scratchpads' (SRAM), device memory's (DRAM) and host link's (PCIe) bandwidths, each a slope of
/// bandwidth x intensity up to the peak. Only the layers furthest below their roof are named, so that a
/// whole network stays readable.
/// </summary>
internal static class RooflinePlot
{
    public const string Title = "Roofline";

    public const string Caption =
        "The hardware's roofs: peak compute (rows x cols x clock) and, for each level data crosses, its bandwidth x arithmetic " +
        "intensity: the scratchpads (SRAM: every bank's ports a line a cycle), device memory (DRAM: its peak) and the host link " +
        "(PCIe: payload rate of a long transfer, one direction). Each PE-array layer is a point at its DRAM intensity (MACs per " +
        "device-memory byte moved) and the MAC rate it achieved, so the DRAM roof is the one that bounds it; an open circle marks " +
        "its algorithmic intensity (each tensor it reads and writes moved once): the gap is what the mapping wastes. " +
        "The layers furthest below the roof at their intensity are named.";

    private static readonly Color Sram = Color.FromHex("#29a36a");
    private const int NamedOutliers = 6;

    private sealed record Point(string Name, double Intensity, double Algorithmic, double Gmacs, double Attained);

    public static Plot Draw(RunFiles run, int width, int height)
    {
        var s = run.Summary;
        var plot = ReportPlots.NewPlot($"{Title}: {s.Hardware}, memory {s.Memory}");
        double peak = (double)s.PeRows * s.PeCols * s.ClockMhz / 1e3;   // GMAC/s
        var roofs = new (string Name, double GBps, Color Color)[]
        {
            ("SRAM", s.SramPeakGBps, Sram), ("DRAM", s.MemoryPeakGBps, ReportPlots.DramStall), ("PCIe", s.LinkPeakGBps, ReportPlots.LinkStall),
        }.Where(r => r.GBps > 0).ToArray();
        var points = run.Layers.Where(l => l.Macs > 0 && l.Cycles > 0 && l.DramBytes > 0)
            .Select(l =>
            {
                double intensity = (double)l.Macs / l.DramBytes, gmacs = l.Macs * s.ClockMhz / 1e3 / l.Cycles;
                double roof = s.MemoryPeakGBps > 0 ? Math.Min(peak, s.MemoryPeakGBps * intensity) : peak;
                return new Point(l.Name, intensity, l.DramBytesMinimum == 0 ? double.NaN : (double)l.Macs / l.DramBytesMinimum, gmacs, gmacs / roof);
            })
            .ToList();

        // Axes: every point, every ridge, a decade's air.
        var xs = points.Select(p => p.Intensity).Concat(points.Select(p => p.Algorithmic).Where(double.IsFinite))
            .Concat(roofs.Select(r => peak / r.GBps)).DefaultIfEmpty(1).ToList();
        double xMin = Math.Pow(10, Math.Floor(Math.Log10(xs.Min()) - 0.3));
        double xMax = Math.Pow(10, Math.Ceiling(Math.Log10(xs.Max()) + 0.3));
        double yMin = Math.Pow(10, Math.Floor(Math.Log10(points.Select(p => p.Gmacs).Append(peak).Min()) - 0.3));
        double yMax = Math.Pow(10, Math.Ceiling(Math.Log10(peak) + 0.3));

        // Each bandwidth roof climbs from the left edge (or the bottom) to where it meets the peak, its ridge.
        foreach (var (name, gbps, color) in roofs)
        {
            double ridge = peak / gbps, left = Math.Max(xMin, yMin / gbps);
            if (left >= ridge) continue;
            Line(plot, left, gbps * left, ridge, peak, color, $"{name} {ReportPlots.Thousands(Math.Round(gbps, 1))} GB/s");
        }
        double roofStart = Math.Max(xMin, roofs.Select(r => peak / r.GBps).DefaultIfEmpty(xMin).Min());
        Line(plot, roofStart, peak, xMax, peak, ReportPlots.Compute,
            $"peak {s.PeRows}x{s.PeCols} PEs x {s.ClockMhz.ToString("0.###", CultureInfo.InvariantCulture)} MHz = {ReportPlots.Thousands(peak)} GMAC/s");

        foreach (var p in points)
        {
            if (double.IsFinite(p.Algorithmic))
            {
                var waste = plot.Add.Line(Math.Log10(p.Intensity), Math.Log10(p.Gmacs), Math.Log10(p.Algorithmic), Math.Log10(p.Gmacs));
                waste.LineColor = ReportPlots.Idle;
                waste.LineWidth = 1;
                var ideal = plot.Add.Marker(Math.Log10(p.Algorithmic), Math.Log10(p.Gmacs), MarkerShape.OpenCircle, 9);
                ideal.Color = ReportPlots.Ink;
            }
            var marker = plot.Add.Marker(Math.Log10(p.Intensity), Math.Log10(p.Gmacs));
            marker.MarkerSize = 9;
            marker.Color = ReportPlots.Ink;
        }
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "layer at its DRAM intensity", MarkerShape = MarkerShape.FilledCircle, MarkerColor = ReportPlots.Ink, MarkerSize = 9 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "at its algorithmic intensity", MarkerShape = MarkerShape.OpenCircle, MarkerColor = ReportPlots.Ink, MarkerSize = 9 });
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowFillStyle.IsVisible = false;
        // Beside the axes: inside them it would cover points.
        plot.ShowLegend(Edge.Right);

        plot.Axes.Bottom.TickGenerator = LogTicks.Between(xMin, xMax);
        plot.Axes.Left.TickGenerator = LogTicks.Between(yMin, yMax);
        // A tenth of a decade's margin keeps the corner's two tick labels (the lowest decades) apart.
        plot.Axes.SetLimits(Math.Log10(xMin) - 0.1, Math.Log10(xMax), Math.Log10(yMin) - 0.1, Math.Log10(yMax));
        plot.XLabel("arithmetic intensity (MACs per byte, log scale)");
        plot.YLabel("achieved GMAC/s (log scale)");
        plot.Grid.MajorLineColor = Color.FromHex("#dddddd");
        plot.Grid.MinorLineColor = Color.FromHex("#f0f0f0");
        plot.Grid.MinorLineWidth = 1;
        // The layers that fell furthest short of their roof; ties by name, so the choice is stable.
        var outliers = points.OrderBy(p => p.Attained).ThenBy(p => p.Name, StringComparer.Ordinal).Take(NamedOutliers).ToList();
        PointLabels.Place(plot, outliers.Select(p => (p.Name, Math.Log10(p.Intensity), Math.Log10(p.Gmacs))).ToList(), width, height);
        return plot;
    }

    private static void Line(Plot plot, double x1, double y1, double x2, double y2, Color color, string legend)
    {
        var line = plot.Add.Line(Math.Log10(x1), Math.Log10(y1), Math.Log10(x2), Math.Log10(y2));
        line.LineWidth = 2.5f;
        line.LineColor = color;
        line.LegendText = legend;
    }
}
