using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Sim.Report;

/// <summary>One figure of the report: its file name (without extension), heading, caption, and the plot at its size.</summary>
internal sealed record ReportPlot(string Name, string Title, string Caption, Plot Plot, int Width, int Height);

/// <summary>
/// The report's figures, drawn with ScottPlot from a run's files. Each is a function of the files
/// alone (no clock, no randomness), so the same run draws the same pictures. Per-layer figures are
/// horizontal bars, one row per layer with its name beside it, so that a whole network's names never
/// collide: the figure grows with the layers instead.
/// </summary>
internal static class ReportPlots
{
    public static readonly Color Compute = Color.FromHex("#3b7dd8");
    public static readonly Color DramStall = Color.FromHex("#e4572e");
    public static readonly Color LinkStall = Color.FromHex("#a05fc7");
    public static readonly Color Idle = Color.FromHex("#b8b8b8");
    public static readonly Color MappingLoss = Color.FromHex("#f0a202");
    public static readonly Color Ink = Color.FromHex("#222222");

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

    /// <summary>Pixels per layer row: a line of 11-pixel text and a little air.</summary>
    private const int RowPixels = 16;

    /// <summary>A per-layer figure's height: its rows, plus room for the title, legend and axis.</summary>
    private static int LayerPlotHeight(int rows) => Math.Max(420, 150 + RowPixels * rows);

    public static IReadOnlyList<ReportPlot> All(RunFiles run)
    {
        // A layer fused into another's output stage has no cycles or energy of its own: its row would stay empty.
        var layers = run.Layers.Where(l => !l.Fused).ToList();
        const string fusedNote = " Layers run in another layer's output stage (a fused ReLU or add) are counted in that layer's row.";
        int height = LayerPlotHeight(layers.Count);
        var plots = new List<ReportPlot>
        {
            new("latency", LatencyTitle,
                "Each layer's cycles, split by what the compute unit was doing: computing, waiting for device memory " +
                "(DRAM stall), waiting for the host link (link stall), or none of these (idle: clock alignment)." + fusedNote,
                Latency(layers), 1000, height),
        };
        if (run.Energy != null)
            plots.Add(new("energy", EnergyTitle,
                "Each layer's energy (dynamic + leakage), stacked by component, from energy.csv." + fusedNote,
                Energy(layers, run.Energy), 1000, height));
        plots.Add(new("utilisation", UtilisationTitle,
            "Where each PE-array layer's PE-cycles went: MACs done (utilisation), PEs idle while the array computed because " +
            "the tiles did not fill it (mapping loss), and cycles the array waited on memory, the host link or bank conflicts " +
            "(stall loss); the three add up to 100 %. Vector-unit layers do no MACs." + fusedNote,
            Utilisation(layers), 1000, height));
        plots.Add(new("roofline", RooflinePlot.Title, RooflinePlot.Caption, RooflinePlot.Draw(run, 1000, 640), 1000, 640));
        if (run.Timeline != null)
            plots.Add(new("bandwidth", BandwidthPlot.Title, BandwidthPlot.Caption(run), BandwidthPlot.Draw(run, 1000, 460), 1000, 460));
        return plots;
    }

    // ---- latency

    private static Plot Latency(List<LayerFigures> layers)
    {
        var plot = NewPlot(LatencyTitle);
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            Stack(bars, i, layers.Count, [(l.ComputeCycles, Compute), (l.DramStallCycles, DramStall), (l.LinkStallCycles, LinkStall), (l.IdleCycles, Idle)]);
        }
        AddHorizontal(plot, bars);
        plot.Axes.Margins(left: 0, right: 0.05);
        LayerAxis(plot, layers);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Thousands };
        plot.XLabel("cycles");
        Legend(plot, ("compute", Compute), ("DRAM stall", DramStall), ("link stall", LinkStall), ("idle", Idle));
        return plot;
    }

    // ---- energy

    private static Plot Energy(List<LayerFigures> layers, IReadOnlyList<EnergyRow> energy)
    {
        var plot = NewPlot(EnergyTitle);
        var components = Components(energy);
        var byLayer = energy.ToLookup(e => e.Layer);
        var (scale, unit) = EnergyUnit(layers.Max(l => byLayer[l.Name].Sum(e => e.TotalPj)));
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            var rows = byLayer[layers[i].Name].ToList();
            Stack(bars, i, layers.Count, components.Select((c, k) =>
                (rows.FirstOrDefault(e => e.Component == c)?.TotalPj / scale ?? 0, Palette[k % Palette.Length])).ToArray());
        }
        AddHorizontal(plot, bars);
        plot.Axes.Margins(left: 0, right: 0.05);
        LayerAxis(plot, layers);
        plot.XLabel($"energy ({unit})");
        Legend(plot, components.Select((c, i) => (c, Palette[i % Palette.Length])).ToArray());
        return plot;
    }

    /// <summary>Components in order of first appearance in energy.csv.</summary>
    public static List<string> Components(IReadOnlyList<EnergyRow> energy) => energy.Select(e => e.Component).Distinct().ToList();

    /// <summary>A unit that keeps the largest value between 1 and 1,000: pJ, nJ, µJ or mJ.</summary>
    public static (double Scale, string Unit) EnergyUnit(double maxPj) =>
        maxPj >= 1e9 ? (1e9, "mJ") : maxPj >= 1e6 ? (1e6, "µJ") : maxPj >= 1e3 ? (1e3, "nJ") : (1, "pJ");

    // ---- utilisation

    private static Plot Utilisation(List<LayerFigures> layers)
    {
        var plot = NewPlot(UtilisationTitle);
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            double row = Row(i, layers.Count);
            if (l.Macs == 0)
            {
                Note(plot, "vector unit: no MACs", 1, row, Alignment.MiddleLeft, Color.FromHex("#777777"));
                continue;
            }
            Stack(bars, i, layers.Count, [(100 * l.Utilisation, Compute), (100 * l.MappingLoss, MappingLoss), (100 * l.StallLoss, DramStall)]);
            // Right of the full bar, where no other label sits.
            Note(plot, (100 * l.Utilisation).ToString("0.0", CultureInfo.InvariantCulture) + " %", 101, row, Alignment.MiddleLeft, Ink);
        }
        AddHorizontal(plot, bars);
        LayerAxis(plot, layers);
        plot.XLabel("% of the array's PE-cycles");
        plot.Axes.SetLimitsX(0, 110);
        // Ticks stop at 100 %: past it sit the value labels.
        var percent = new NumericManual();
        for (int p = 0; p <= 100; p += 10) percent.AddMajor(p, p.ToString(CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = percent;
        Legend(plot, ("utilisation (MACs done)", Compute), ("mapping loss", MappingLoss), ("stall loss", DramStall));
        return plot;
    }

    // ---- shared

    /// <summary>Layer i's row: the first layer at the top.</summary>
    private static double Row(int i, int count) => count - 1 - i;

    /// <summary>Adds layer i's values as segments of one bar, left to right, skipping zeros.</summary>
    private static void Stack(List<Bar> bars, int i, int count, (double Value, Color Color)[] segments)
    {
        double at = 0;
        foreach (var (value, color) in segments)
        {
            if (value == 0) continue;
            bars.Add(new Bar { Position = Row(i, count), ValueBase = at, Value = at + value, FillColor = color, LineWidth = 0, Size = 0.75 });
            at += value;
        }
    }

    private static void AddHorizontal(Plot plot, List<Bar> bars)
    {
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
    }

    /// <summary>A small text in data coordinates, as the plot's notes and value labels are.</summary>
    public static void Note(Plot plot, string text, double x, double y, Alignment alignment, Color color, float size = 11)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelAlignment = alignment;
    }

    public static Plot NewPlot(string title)
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

    /// <summary>Layer names beside their rows, horizontal, one a row.</summary>
    private static void LayerAxis(Plot plot, List<LayerFigures> layers)
    {
        var ticks = new NumericManual();
        for (int i = 0; i < layers.Count; i++) ticks.AddMajor(Row(i, layers.Count), layers[i].Name);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimitsY(-0.6, layers.Count - 0.4);
        plot.Grid.YAxisStyle.IsVisible = false;
    }

    public static void Legend(Plot plot, params (string Label, Color Color)[] items)
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

    public static string Thousands(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
