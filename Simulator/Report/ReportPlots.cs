using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Sim.Report;

/// <summary>One figure of the report: its file name (without extension), heading, caption, and the plot at its size.</summary>
internal sealed record ReportPlot(string Name, string Title, string Caption, Plot Plot, int Width, int Height);

/// <summary>
/// The report's figures, drawn with ScottPlot from a run's files. Each is a function of the files
/// alone (no clock, no randomness), so the same run draws the same pictures.
/// </summary>
internal static class ReportPlots
{
    public static readonly Color Compute = Color.FromHex("#3b7dd8");
    public static readonly Color DramStall = Color.FromHex("#e4572e");
    public static readonly Color LinkStall = Color.FromHex("#a05fc7");
    public static readonly Color Idle = Color.FromHex("#b8b8b8");
    private static readonly Color Ink = Color.FromHex("#222222");

    /// <summary>Colours for energy components, in order of first appearance.</summary>
    private static readonly Color[] Palette =
    [
        Color.FromHex("#3b7dd8"), Color.FromHex("#e4572e"), Color.FromHex("#29a36a"), Color.FromHex("#f0a202"),
        Color.FromHex("#a05fc7"), Color.FromHex("#17becf"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"),
        Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"),
    ];

    private const string LatencyTitle = "Latency per layer";
    private const string EnergyTitle = "Energy per layer";
    private const string UtilisationTitle = "PE-array utilisation per layer";
    private const string RooflineTitle = "Roofline";
    private const string BandwidthTitle = "Device-memory bandwidth over time";

    public static IReadOnlyList<ReportPlot> All(RunFiles run)
    {
        var plots = new List<ReportPlot>
        {
            new("latency", LatencyTitle,
                "Each layer's cycles, split by what the compute unit was doing: computing, waiting for device memory " +
                "(DRAM stall), waiting for the host link (link stall), or none of these (idle: clock alignment).",
                Latency(run), 1000, 460),
        };
        if (run.Energy != null)
            plots.Add(new("energy", EnergyTitle,
                "Each layer's energy (dynamic + leakage), stacked by component, from energy.csv.",
                Energy(run), 1000, 460));
        plots.Add(new("utilisation", UtilisationTitle,
            "MACs done / (cycles x PEs): the fraction of the array's peak each layer reached. Vector-unit layers do no MACs.",
            Utilisation(run), 1000, 420));
        plots.Add(new("roofline", RooflineTitle,
            "The hardware's roofline: the lower of peak compute (rows x cols x clock) and device-memory bandwidth x arithmetic " +
            "intensity. Each PE-array layer is a point at its intensity (MACs per DRAM byte moved) and the MAC rate it achieved, " +
            "and an open circle at its algorithmic intensity (each tensor it reads and writes moved once): the gap is what the mapping wastes.",
            Roofline(run, 900, 600), 900, 600));
        if (run.Timeline != null)
            plots.Add(new("bandwidth", BandwidthTitle,
                BandwidthCaption(run), Bandwidth(run), 1000, 420));
        return plots;
    }

    // ---- latency

    private static Plot Latency(RunFiles run)
    {
        var plot = NewPlot(LatencyTitle);
        var layers = run.Layers;
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            double b = 0;
            foreach (var (value, color) in new[]
                     { (l.ComputeCycles, Compute), (l.DramStallCycles, DramStall), (l.LinkStallCycles, LinkStall), (l.IdleCycles, Idle) })
            {
                if (value == 0) continue;
                bars.Add(new Bar { Position = i, ValueBase = b, Value = b + value, FillColor = color, LineWidth = 0, Size = 0.7 });
                b += value;
            }
        }
        plot.Add.Bars(bars);
        LayerAxis(plot, layers.Select(l => l.Name).ToList());
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Thousands };
        plot.YLabel("cycles");
        plot.Axes.Margins(bottom: 0, top: 0.08);
        Legend(plot, ("compute", Compute), ("DRAM stall", DramStall), ("link stall", LinkStall), ("idle", Idle));
        return plot;
    }

    // ---- energy

    private static Plot Energy(RunFiles run)
    {
        var plot = NewPlot(EnergyTitle);
        var energy = run.Energy!;
        var components = Components(energy);
        var (scale, unit) = EnergyUnit(run.Layers.Max(l => energy.Where(e => e.Layer == l.Name).Sum(e => e.TotalPj)));
        var bars = new List<Bar>();
        for (int i = 0; i < run.Layers.Count; i++)
        {
            double b = 0;
            for (int c = 0; c < components.Count; c++)
            {
                var row = energy.FirstOrDefault(e => e.Layer == run.Layers[i].Name && e.Component == components[c]);
                if (row == null || row.TotalPj == 0) continue;
                double value = row.TotalPj / scale;
                bars.Add(new Bar { Position = i, ValueBase = b, Value = b + value, FillColor = Palette[c % Palette.Length], LineWidth = 0, Size = 0.7 });
                b += value;
            }
        }
        plot.Add.Bars(bars);
        LayerAxis(plot, run.Layers.Select(l => l.Name).ToList());
        plot.YLabel($"energy ({unit})");
        plot.Axes.Margins(bottom: 0, top: 0.08);
        Legend(plot, components.Select((c, i) => (c, Palette[i % Palette.Length])).ToArray());
        return plot;
    }

    /// <summary>Components in order of first appearance in energy.csv.</summary>
    public static List<string> Components(IReadOnlyList<EnergyRow> energy) => energy.Select(e => e.Component).Distinct().ToList();

    /// <summary>A unit that keeps the largest value between 1 and 1,000: pJ, nJ, µJ or mJ.</summary>
    public static (double Scale, string Unit) EnergyUnit(double maxPj) =>
        maxPj >= 1e9 ? (1e9, "mJ") : maxPj >= 1e6 ? (1e6, "µJ") : maxPj >= 1e3 ? (1e3, "nJ") : (1, "pJ");

    // ---- utilisation

    private static Plot Utilisation(RunFiles run)
    {
        var plot = NewPlot(UtilisationTitle);
        var layers = run.Layers;
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Macs == 0)
            {
                var text = plot.Add.Text("vector", i, 1);
                text.LabelFontSize = 11;
                text.LabelFontColor = Color.FromHex("#777777");
                text.LabelAlignment = Alignment.LowerCenter;
                continue;
            }
            double percent = 100 * layers[i].Utilisation;
            bars.Add(new Bar
            {
                Position = i, Value = percent, FillColor = Compute, LineWidth = 0, Size = 0.7,
                Label = percent.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        barPlot.ValueLabelStyle.ForeColor = Ink;
        LayerAxis(plot, layers.Select(l => l.Name).ToList());
        plot.YLabel("utilisation (% of peak MACs)");
        plot.Axes.SetLimitsY(0, 105);
        plot.Axes.SetLimitsX(-0.6, layers.Count - 0.4);
        return plot;
    }

    // ---- roofline

    private static Plot Roofline(RunFiles run, int width, int height)
    {
        var plot = NewPlot($"{RooflineTitle}: {run.Summary.Hardware}, memory {run.Summary.Memory}");
        var s = run.Summary;
        double peakGmacs = (double)s.PeRows * s.PeCols * s.ClockMhz / 1e3;   // GMAC/s
        double bandwidth = s.MemoryPeakGBps;                                  // GB/s
        var points = run.Layers.Where(l => l.Macs > 0 && l.Cycles > 0)
            .Select(l => (l.Name, Intensity: l.DramBytes == 0 ? double.NaN : (double)l.Macs / l.DramBytes,
                Algorithmic: l.DramBytesMinimum == 0 ? double.NaN : (double)l.Macs / l.DramBytesMinimum,
                Gmacs: l.Macs * s.ClockMhz / 1e3 / l.Cycles))
            .Where(p => double.IsFinite(p.Intensity))
            .ToList();

        double ridge = bandwidth > 0 ? peakGmacs / bandwidth : double.NaN;   // MAC/byte where the roof turns
        var xs = points.Select(p => p.Intensity).Concat(points.Select(p => p.Algorithmic).Where(double.IsFinite))
            .Append(double.IsFinite(ridge) ? ridge : 1).ToList();
        double xMin = Math.Pow(10, Math.Floor(Math.Log10(xs.Min()) - 0.3));
        double xMax = Math.Pow(10, Math.Ceiling(Math.Log10(xs.Max()) + 0.3));
        var ys = points.Select(p => p.Gmacs).Append(peakGmacs).ToList();
        if (bandwidth > 0) ys.Add(Math.Max(bandwidth * xMin, 1e-9));
        double yMin = Math.Pow(10, Math.Floor(Math.Log10(ys.Min()) - 0.3));
        double yMax = Math.Pow(10, Math.Ceiling(Math.Log10(peakGmacs) + 0.3));

        // The roof: memory-bound up to the ridge, compute-bound after it.
        if (bandwidth > 0)
        {
            double left = Math.Max(xMin, yMin / bandwidth);
            var memory = plot.Add.Line(Math.Log10(left), Math.Log10(bandwidth * left), Math.Log10(ridge), Math.Log10(peakGmacs));
            memory.LineWidth = 2.5f;
            memory.LineColor = DramStall;
            // Named halfway (in log terms) up the slope, just above it.
            double mid = Math.Sqrt(left * ridge);
            var bwLabel = plot.Add.Text($"memory {bandwidth.ToString("0.#", CultureInfo.InvariantCulture)} GB/s",
                Math.Log10(mid), Math.Log10(bandwidth * mid));
            bwLabel.LabelFontSize = 12;
            bwLabel.LabelFontColor = DramStall;
            bwLabel.LabelAlignment = Alignment.LowerRight;
            bwLabel.OffsetX = -4;
            bwLabel.OffsetY = -4;
        }
        double roofStart = double.IsFinite(ridge) ? Math.Max(ridge, xMin) : xMin;
        var compute = plot.Add.Line(Math.Log10(roofStart), Math.Log10(peakGmacs), Math.Log10(xMax), Math.Log10(peakGmacs));
        compute.LineWidth = 2.5f;
        compute.LineColor = Compute;
        var peakLabel = plot.Add.Text(
            $"peak {s.PeRows}x{s.PeCols} PEs x {s.ClockMhz.ToString("0.###", CultureInfo.InvariantCulture)} MHz = {Thousands(peakGmacs)} GMAC/s",
            Math.Log10(xMax), Math.Log10(peakGmacs));
        peakLabel.LabelFontSize = 12;
        peakLabel.LabelFontColor = Compute;
        peakLabel.LabelAlignment = Alignment.LowerRight;
        peakLabel.OffsetX = -6;
        peakLabel.OffsetY = -4;

        // Each layer twice at the rate it achieved: filled at the intensity it ran (its simulated DRAM bytes),
        // hollow at its algorithmic intensity (each tensor moved once); the gap is the mapping's waste.
        foreach (var p in points)
        {
            if (double.IsFinite(p.Algorithmic))
            {
                var waste = plot.Add.Line(Math.Log10(p.Intensity), Math.Log10(p.Gmacs), Math.Log10(p.Algorithmic), Math.Log10(p.Gmacs));
                waste.LineColor = Idle;
                waste.LineWidth = 1;
                var ideal = plot.Add.Marker(Math.Log10(p.Algorithmic), Math.Log10(p.Gmacs), MarkerShape.OpenCircle, 9);
                ideal.Color = Ink;
            }
            var marker = plot.Add.Marker(Math.Log10(p.Intensity), Math.Log10(p.Gmacs));
            marker.MarkerSize = 9;
            marker.Color = Ink;
        }
        Legend(plot, ("simulated intensity (DRAM bytes moved)", Ink), ("algorithmic intensity (each tensor once): open circles", Idle));
        plot.Axes.Bottom.TickGenerator = LogTicks(xMin, xMax);
        plot.Axes.Left.TickGenerator = LogTicks(yMin, yMax);
        plot.Axes.SetLimits(Math.Log10(xMin), Math.Log10(xMax), Math.Log10(yMin), Math.Log10(yMax));
        plot.XLabel("arithmetic intensity (MACs per device-memory byte, log scale)");
        plot.YLabel("achieved GMAC/s (log scale)");
        plot.Grid.MajorLineColor = Color.FromHex("#dddddd");
        plot.Grid.MinorLineColor = Color.FromHex("#f0f0f0");
        plot.Grid.MinorLineWidth = 1;
        plot.Axes.Right.MinimumSize = 24;
        PointLabels(plot, points.Select(p => (p.Name, Math.Log10(p.Intensity), Math.Log10(p.Gmacs))).ToList(), width, height);
        return plot;
    }

    /// <summary>
    /// Names points that may crowd together: each label goes right of its point, moved down just
    /// enough not to cover a label above it (in pixels, from a first layout of the plot), with a
    /// thin leader line when it moved.
    /// </summary>
    private static void PointLabels(Plot plot, List<(string Name, double X, double Y)> points, int width, int height)
    {
        const float lineHeight = 15, gap = 10;
        plot.RenderInMemory(width, height);
        var placed = new List<(float Left, float Right, float Top, float Bottom)>();
        foreach (var p in points.Select(p => (p.Name, p.X, p.Y, Pixel: plot.GetPixel(new Coordinates(p.X, p.Y))))
                     .OrderBy(p => p.Pixel.Y).ThenBy(p => p.Pixel.X))
        {
            float left = p.Pixel.X + gap, right = left + p.Name.Length * 7f, y = p.Pixel.Y;
            while (placed.Any(b => b.Left < right && left < b.Right && b.Top < y + lineHeight / 2 && y - lineHeight / 2 < b.Bottom))
                y = placed.Where(b => b.Left < right && left < b.Right && b.Top < y + lineHeight / 2 && y - lineHeight / 2 < b.Bottom)
                    .Max(b => b.Bottom) + lineHeight / 2 + 1;
            placed.Add((left, right, y - lineHeight / 2, y + lineHeight / 2));
            var at = plot.GetCoordinates(new Pixel(left, y));
            if (y - p.Pixel.Y > 3)
            {
                var leader = plot.Add.Line(p.X, p.Y, at.X, at.Y);
                leader.LineColor = Color.FromHex("#999999");
                leader.LineWidth = 0.8f;
            }
            var label = plot.Add.Text(p.Name, at.X, at.Y);
            label.LabelFontSize = 11;
            label.LabelFontColor = Ink;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.OffsetX = 2;
        }
    }

    /// <summary>Ticks for a log10-transformed axis: a labelled tick at each power of ten, minor ticks at 2..9.</summary>
    private static NumericManual LogTicks(double min, double max)
    {
        var ticks = new NumericManual();
        for (int decade = (int)Math.Floor(Math.Log10(min)); decade <= (int)Math.Ceiling(Math.Log10(max)); decade++)
        {
            ticks.AddMajor(decade, DecadeLabel(decade));
            for (int m = 2; m <= 9; m++) ticks.AddMinor(decade + Math.Log10(m));
        }
        return ticks;
    }

    private static string DecadeLabel(int decade) =>
        decade is >= -3 and <= 6 ? Math.Pow(10, decade).ToString("#,0.###", CultureInfo.InvariantCulture) : $"1e{decade}";

    // ---- bandwidth over time

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

    private static string BandwidthCaption(RunFiles run)
    {
        MemoryIntervals(run.Timeline!, out string source);
        return $"Bytes moved to and from device memory per time bin, from timeline.json ({source}). " +
               "The dashed line is the memory's peak bandwidth; grey lines mark where each layer starts.";
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

    private static Plot Bandwidth(RunFiles run)
    {
        var plot = NewPlot(BandwidthTitle);
        var s = run.Summary;
        double endUs = s.TotalCycles / s.ClockMhz;
        const int bins = 250;
        var gbps = Binned(MemoryIntervals(run.Timeline!, out _), endUs, bins);
        double width = endUs / bins;

        // Layer boundaries first, so the data draws over them; layer names along the top.
        double at = 0;
        var names = new NumericManual();
        foreach (var l in run.Layers)
        {
            var line = plot.Add.VerticalLine(at);
            line.LineColor = Color.FromHex("#cfcfcf");
            line.LineWidth = 1;
            double duration = l.Cycles / s.ClockMhz;
            names.AddMajor(at + duration / 2, l.Name);
            at += duration;
        }
        plot.Axes.Top.TickGenerator = names;
        plot.Axes.Top.IsVisible = true;
        plot.Axes.Top.TickLabelStyle.FontSize = 11;
        plot.Axes.Top.TickLabelStyle.Rotation = -40;
        plot.Axes.Top.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Top.MajorTickStyle.Length = 0;
        int longest = run.Layers.Max(l => l.Name.Length);
        plot.Axes.Top.MinimumSize = (float)(longest * 7 * Math.Sin(40 * Math.PI / 180) + 16);

        var xs = Enumerable.Range(0, bins + 1).Select(b => b * width).ToArray();
        var ys = gbps.Append(gbps[^1]).ToArray();
        var scatter = plot.Add.Scatter(xs, ys);
        scatter.ConnectStyle = ConnectStyle.StepHorizontal;
        scatter.MarkerSize = 0;
        scatter.LineWidth = 1.5f;
        scatter.LineColor = DramStall;
        scatter.FillY = true;
        scatter.FillYColor = DramStall.WithAlpha(0.25);

        if (s.MemoryPeakGBps > 0)
        {
            var peak = plot.Add.HorizontalLine(s.MemoryPeakGBps);
            peak.LineColor = Ink;
            peak.LinePattern = LinePattern.Dashed;
            peak.LineWidth = 1.5f;
            var label = plot.Add.Text($"peak {s.MemoryPeakGBps.ToString("0.#", CultureInfo.InvariantCulture)} GB/s", 0, s.MemoryPeakGBps);
            label.LabelFontSize = 12;
            label.LabelFontColor = Ink;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 4;
            label.OffsetY = -2;
        }
        plot.XLabel($"time (µs; bins of {width.ToString("0.###", CultureInfo.InvariantCulture)} µs)");
        plot.YLabel("GB/s");
        double top = Math.Max(s.MemoryPeakGBps, gbps.Max()) * 1.1;
        plot.Axes.SetLimits(0, endUs, 0, top > 0 ? top : 1);
        plot.Axes.SetLimitsX(0, endUs, plot.Axes.Top);
        return plot;
    }

    // ---- shared

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Family);
        plot.Title(title, 16);
        plot.Axes.Left.Label.FontSize = 14;
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        return plot;
    }

    /// <summary>Layer names under the bars, turned 45 degrees so long names do not collide.</summary>
    private static void LayerAxis(Plot plot, IReadOnlyList<string> names)
    {
        var ticks = new NumericManual();
        for (int i = 0; i < names.Count; i++) ticks.AddMajor(i, names[i]);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 4;
        int longest = names.Count == 0 ? 0 : names.Max(n => n.Length);
        plot.Axes.Bottom.MinimumSize = (float)(longest * 7.5 * Math.Sin(40 * Math.PI / 180) + 24);
        plot.Grid.XAxisStyle.IsVisible = false;
    }

    private static void Legend(Plot plot, params (string Label, Color Color)[] items)
    {
        foreach (var (label, color) in items)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        plot.Legend.FontSize = 12;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowFillStyle.IsVisible = false;
        // Above the data, so it never hides a bar.
        plot.ShowLegend(Edge.Top);
    }

    private static string Thousands(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
