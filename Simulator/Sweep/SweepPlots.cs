using System.Globalization;
using System.Text.Json.Nodes;
using ScottPlot;
using Sim.Report;

namespace Sim.Sweep;

/// <summary>
/// The plots of a sweep: latency against energy with the Pareto front (points no other point
/// beats on both) marked and named, efficiency against area with its front named, each point coloured
/// by a sweep axis and the legend beside the axes, so that a hundred points stay readable; and, when
/// the points form a grid over two or more axes, a heatmap of latency over the first two axes for
/// each combination of the others; when points ran on the special-function unit, its error against its cost
/// (<see cref="AccuracyPlots"/>); and when the points run on two or more core counts, throughput and energy per
/// inference against the cores (<see cref="ScalingPlot"/>).
/// </summary>
internal static class SweepPlots
{
    private const int MaxHeatmaps = 12;

    /// <summary>Writes the plots into <paramref name="directory"/>; returns the files written (none without a font).</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<PointRecord> records, string directory, TextWriter warnings)
    {
        var written = new List<string>();
        if (records.Count == 0)
            return written;
        if (!PlotFont.Load())
        {
            warnings.WriteLine($"warning: {PlotFont.Missing}");
            return written;
        }
        Directory.CreateDirectory(directory);
        string pareto = Path.Combine(directory, "pareto.png");
        Pareto(records, pareto);
        written.Add(pareto);
        string efficiency = Path.Combine(directory, "efficiency.png");
        Efficiency(records, efficiency);
        written.Add(efficiency);
        written.AddRange(Heatmaps(records, directory));
        written.AddRange(AccuracyPlots.Write(records, directory));
        written.AddRange(ScalingPlot.Write(records, directory));
        return written;
    }

    /// <summary>The records on the Pareto front of (latency, energy), lowest latency first.</summary>
    public static List<PointRecord> ParetoFront(IReadOnlyList<PointRecord> records)
    {
        var front = new List<PointRecord>();
        double bestEnergy = double.PositiveInfinity;
        foreach (var r in records.OrderBy(r => r.LatencyUs).ThenBy(r => r.EnergyUj))
            if (r.EnergyUj < bestEnergy)
            {
                front.Add(r);
                bestEnergy = r.EnergyUj;
            }
        return front;
    }

    private static string Label(PointRecord r) =>
        string.Join(", ", JsonNode.Parse(r.AxesJson)!.AsObject().Select(kv => SweepExport.Text(kv.Value)));

    internal const int Width = 1000, Height = 600;

    /// <summary>Colours for the values of the axis the points are coloured by.</summary>
    internal static readonly Color[] Palette =
    [
        Color.FromHex("#3b7dd8"), Color.FromHex("#e4572e"), Color.FromHex("#29a36a"), Color.FromHex("#f0a202"),
        Color.FromHex("#a05fc7"), Color.FromHex("#17becf"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"),
        Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"),
    ];

    /// <summary>
    /// The axis to colour points by: the one with the fewest values, at least two and at most a colour each (ties: the
    /// first axis), so that the legend stays short; null when no axis fits.
    /// </summary>
    public static string? ColourAxis(IReadOnlyList<PointRecord> records) =>
        SweepExport.AxisNames(records)
            .Select(a => (Axis: a, Values: records.Select(r => AxisValue(r, a)).Distinct().Count()))
            .Where(a => a.Values >= 2 && a.Values <= Palette.Length)
            .OrderBy(a => a.Values)
            .Select(a => a.Axis).FirstOrDefault();

    private static string AxisValue(PointRecord r, string axis) =>
        JsonNode.Parse(r.AxesJson)!.AsObject().TryGetPropertyValue(axis, out var v) ? SweepExport.Text(v) : "";

    /// <summary>Every point, a group of markers per value of the colour axis (one group without it), with the legend beside the axes.</summary>
    private static void Points(Plot plot, IReadOnlyList<PointRecord> records, Func<PointRecord, (double X, double Y)> at)
    {
        string? axis = ColourAxis(records);
        var groups = records.GroupBy(r => axis == null ? "" : AxisValue(r, axis)).ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            var points = plot.Add.ScatterPoints(groups[g].Select(r => at(r).X).ToArray(), groups[g].Select(r => at(r).Y).ToArray());
            points.Color = Palette[g % Palette.Length].WithAlpha(0.75);
            points.MarkerSize = 8;
            points.LegendText = axis == null ? $"design points ({records.Count})" : $"{axis} = {groups[g].Key} ({groups[g].Count()})";
        }
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowFillStyle.IsVisible = false;
        // Beside the axes, where it hides no point.
        plot.ShowLegend(Edge.Right);
    }

    public static void Pareto(IReadOnlyList<PointRecord> records, string path)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Family);
        Points(plot, records, r => (r.LatencyUs, r.EnergyUj));
        var front = ParetoFront(records);
        var line = plot.Add.Scatter(front.Select(r => r.LatencyUs).ToArray(), front.Select(r => r.EnergyUj).ToArray());
        line.Color = Colors.Crimson;
        line.LineWidth = 2;
        line.MarkerSize = 10;
        line.MarkerShape = MarkerShape.OpenDiamond;
        line.LegendText = $"Pareto front ({front.Count})";
        plot.Title("Latency against energy");
        plot.XLabel("latency (µs)");
        plot.YLabel("energy (µJ)");
        plot.Axes.Margins(0.15, 0.15);
        // Only the front is named: the points worth reading off.
        PointLabels.Place(plot, front.Select(r => (Label(r), r.LatencyUs, r.EnergyUj)).ToList(), Width, Height);
        AtomicFile.Write(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    /// <summary>The points no other beats on both area (smaller) and TOPS/W (higher), smallest area first.</summary>
    public static List<PointRecord> EfficiencyFront(IReadOnlyList<PointRecord> records)
    {
        var front = new List<PointRecord>();
        double best = double.NegativeInfinity;
        foreach (var r in records.OrderBy(r => r.AreaMm2).ThenByDescending(r => r.TopsPerWatt))
            if (r.TopsPerWatt > best)
            {
                front.Add(r);
                best = r.TopsPerWatt;
            }
        return front;
    }

    /// <summary>TOPS/W against silicon area; the points on the efficiency front are named.</summary>
    public static void Efficiency(IReadOnlyList<PointRecord> records, string path)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Family);
        Points(plot, records, r => (r.AreaMm2, r.TopsPerWatt));
        plot.Title("Efficiency against silicon area");
        plot.XLabel("area (mm²)");
        plot.YLabel("TOPS/W");
        plot.Axes.Margins(0.2, 0.15);
        PointLabels.Place(plot, EfficiencyFront(records).Select(r => (Label(r), r.AreaMm2, r.TopsPerWatt)).ToList(), Width, Height);
        AtomicFile.Write(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    /// <summary>One heatmap of latency over the first two axes per combination of the other axes, when the records form a full grid there.</summary>
    public static IReadOnlyList<string> Heatmaps(IReadOnlyList<PointRecord> records, string directory)
    {
        var names = SweepExport.AxisNames(records);
        var written = new List<string>();
        if (names.Count < 2)
            return written;
        var axes = records.Select(r => JsonNode.Parse(r.AxesJson)!.AsObject()).ToList();
        string ValueOf(int point, string axis) => axes[point].TryGetPropertyValue(axis, out var v) ? SweepExport.Text(v) : "";
        List<string> Distinct(string axis) => Enumerable.Range(0, records.Count).Select(i => ValueOf(i, axis)).Distinct().ToList();

        var rowValues = Distinct(names[0]);
        var colValues = Distinct(names[1]);
        if (rowValues.Count < 2 && colValues.Count < 2)
            return written;
        var groups = Enumerable.Range(0, records.Count)
            .GroupBy(i => string.Join(", ", names.Skip(2).Select(a => $"{a}={ValueOf(i, a)}")))
            .Take(MaxHeatmaps).ToList();
        foreach (var group in groups)
        {
            var cells = new double[rowValues.Count, colValues.Count];
            for (int r = 0; r < rowValues.Count; r++)
                for (int c = 0; c < colValues.Count; c++)
                    cells[r, c] = double.NaN;
            foreach (int i in group)
                cells[rowValues.IndexOf(ValueOf(i, names[0])), colValues.IndexOf(ValueOf(i, names[1]))] = records[i].LatencyUs;

            var plot = new Plot();
            plot.Font.Set(PlotFont.Family);
            // ScottPlot draws row 0 of the array at the top: cell (r, c) is centred on (c, rows - 1 - r).
            var heatmap = plot.Add.Heatmap(cells);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.Position = new CoordinateRect(-0.5, colValues.Count - 0.5, -0.5, rowValues.Count - 0.5);
            var bar = plot.Add.ColorBar(heatmap);
            bar.Label = "latency (µs)";
            double min = cells.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).Min();
            double max = cells.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).Max();
            for (int r = 0; r < rowValues.Count; r++)
                for (int c = 0; c < colValues.Count; c++)
                {
                    if (!double.IsFinite(cells[r, c])) continue;
                    var text = plot.Add.Text(cells[r, c].ToString("#,0.0", CultureInfo.InvariantCulture), c, rowValues.Count - 1 - r);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 13;
                    text.LabelFontName = PlotFont.Family;
                    bool dark = max > min && (cells[r, c] - min) / (max - min) < 0.5;
                    text.LabelFontColor = dark ? Colors.White : Colors.Black;
                }
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, colValues.Count).Select(c => (double)c).ToArray(), colValues.ToArray());
            plot.Axes.Left.SetTicks(Enumerable.Range(0, rowValues.Count).Select(r => (double)(rowValues.Count - 1 - r)).ToArray(), rowValues.ToArray());
            plot.XLabel(names[1]);
            plot.YLabel(names[0]);
            plot.Title(group.Key.Length == 0 ? "Latency (µs)" : $"Latency (µs), {group.Key}");
            plot.Axes.SetLimits(-0.5, colValues.Count - 0.5, -0.5, rowValues.Count - 0.5);
            string file = Path.Combine(directory, group.Key.Length == 0 ? "heatmap.png" : $"heatmap-{Slug(group.Key)}.png");
            AtomicFile.Write(file, plot.GetImageBytes(800, 560, ImageFormat.Png));
            written.Add(file);
        }
        return written;
    }

    private static string Slug(string s)
    {
        var chars = s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_').ToArray();
        string slug = new string(chars).Trim('_');
        while (slug.Contains("__")) slug = slug.Replace("__", "_");
        return slug.Length > 80 ? slug[..80] : slug;
    }
}
