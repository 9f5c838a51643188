using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Sim.Report;

/// <summary>
/// Device-memory bandwidth over the run, from timeline.json, with each layer's start marked. Layer names run
/// along the top, upright; where layers are too short for all their names, the longest layers are named and
/// the others left out, so that no two names collide.
/// </summary>
internal static class BandwidthPlot
{
    public const string Title = "Device-memory bandwidth over time";
    private const int Bins = 250;
    private const float NameFont = 11;

    /// <summary>Tracks whose intervals carry device-memory bytes: the DRAM channels' data buses if the run has them, else the DMA's loads and stores.</summary>
    public static List<TimelineInterval> MemoryIntervals(IReadOnlyList<TimelineInterval> timeline, out string source)
    {
        var dram = timeline.Where(i => i.Track.StartsWith("dram channel", StringComparison.Ordinal) && i.Bytes > 0).ToList();
        if (dram.Count > 0)
        {
            source = "the DRAM channels' data-bus activity";
            return dram;
        }
        source = "the DMA's loads and stores (bytes spread over each transfer's issue to completion, latency included)";
        return timeline.Where(i => i.Track.StartsWith("dma ", StringComparison.Ordinal) && i.Bytes > 0).ToList();
    }

    public static string Caption(RunFiles run)
    {
        MemoryIntervals(run.Timeline!, out string source);
        return $"Bytes moved to and from device memory per time bin, from timeline.json ({source}). " +
               "The dashed line is the memory's peak bandwidth; grey lines mark where each layer starts, and the longest layers are named along the top.";
    }

    /// <summary>Bytes per bin spread uniformly over each interval, as GB/s; bins of equal width over [0, endUs).</summary>
    public static double[] Binned(IEnumerable<TimelineInterval> intervals, double endUs, int bins)
    {
        var bytes = new double[bins];
        double width = endUs / bins;
        foreach (var i in intervals)
        {
            if (i.DurationUs <= 0)
            {
                bytes[Math.Clamp((int)(i.StartUs / width), 0, bins - 1)] += i.Bytes;
                continue;
            }
            double rate = i.Bytes / i.DurationUs, start = i.StartUs, end = i.StartUs + i.DurationUs;
            for (int b = Math.Clamp((int)(start / width), 0, bins - 1); b < bins && b * width < end; b++)
            {
                double overlap = Math.Min(end, (b + 1) * width) - Math.Max(start, b * width);
                if (overlap > 0) bytes[b] += rate * overlap;
            }
        }
        // bytes per microsecond / 1e3 = GB/s
        return bytes.Select(v => v / width / 1e3).ToArray();
    }

    public static Plot Draw(RunFiles run, int width, int height)
    {
        var plot = ReportPlots.NewPlot(Title);
        var s = run.Summary;
        double endUs = s.TotalCycles / s.ClockMhz;
        var gbps = Binned(MemoryIntervals(run.Timeline!, out _), endUs, Bins);
        double binUs = endUs / Bins;

        // Layer boundaries first, so the data draws over them.
        var layers = new List<(string Name, double StartUs, double DurationUs)>();
        double at = 0;
        foreach (var l in run.Layers.Where(l => !l.Fused))
        {
            var line = plot.Add.VerticalLine(at);
            line.LineColor = Color.FromHex("#cfcfcf");
            line.LineWidth = 1;
            layers.Add((l.Name, at, l.Cycles / s.ClockMhz));
            at += l.Cycles / s.ClockMhz;
        }

        var xs = Enumerable.Range(0, Bins + 1).Select(b => b * binUs).ToArray();
        var scatter = plot.Add.Scatter(xs, gbps.Append(gbps[^1]).ToArray());
        scatter.ConnectStyle = ConnectStyle.StepHorizontal;
        scatter.MarkerSize = 0;
        scatter.LineWidth = 1.5f;
        scatter.LineColor = ReportPlots.DramStall;
        scatter.FillY = true;
        scatter.FillYColor = ReportPlots.DramStall.WithAlpha(0.25);

        if (s.MemoryPeakGBps > 0)
        {
            var peak = plot.Add.HorizontalLine(s.MemoryPeakGBps);
            peak.LineColor = ReportPlots.Ink;
            peak.LinePattern = LinePattern.Dashed;
            peak.LineWidth = 1.5f;
            var label = plot.Add.Text($"peak {s.MemoryPeakGBps.ToString("0.#", CultureInfo.InvariantCulture)} GB/s", 0, s.MemoryPeakGBps);
            label.LabelFontSize = 12;
            label.LabelFontColor = ReportPlots.Ink;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 4;
            label.OffsetY = -2;
        }
        plot.XLabel($"time (µs; bins of {binUs.ToString("0.###", CultureInfo.InvariantCulture)} µs)");
        plot.YLabel("GB/s");
        double top = Math.Max(s.MemoryPeakGBps, gbps.Max()) * 1.1;
        plot.Axes.SetLimits(0, endUs, 0, top > 0 ? top : 1);
        LayerNames(plot, layers, endUs, width, height);
        return plot;
    }

    /// <summary>
    /// Names layers along the top axis, upright, centred on their spans: longest layers first, each only where its
    /// line of text stays a line's height clear of the names already placed.
    /// </summary>
    private static void LayerNames(Plot plot, List<(string Name, double StartUs, double DurationUs)> layers, double endUs, int width, int height)
    {
        var top = plot.Axes.Top;
        top.IsVisible = true;
        top.TickLabelStyle.FontSize = NameFont;
        top.TickLabelStyle.Rotation = -90;
        top.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        top.MajorTickStyle.Length = 0;
        int longest = layers.Count == 0 ? 0 : layers.Max(l => l.Name.Length);
        top.MinimumSize = longest * 7.5f + 12;
        plot.Axes.SetLimitsX(0, endUs, top);
        top.TickGenerator = new NumericManual();   // none while the first layout measures the axes

        plot.RenderInMemory(width, height);
        double pixelsPerUs = plot.RenderManager.LastRender.DataRect.Width / endUs;
        float pitch = NameFont * 1.5f;
        var names = new NumericManual();
        var placed = new List<double>();
        foreach (var (name, start, duration) in layers.OrderByDescending(l => l.DurationUs).ThenBy(l => l.StartUs))
        {
            double centre = (start + duration / 2) * pixelsPerUs;
            if (placed.Any(p => Math.Abs(p - centre) < pitch)) continue;
            placed.Add(centre);
            names.AddMajor(start + duration / 2, name);
        }
        top.TickGenerator = names;
    }
}
