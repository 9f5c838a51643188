using ScottPlot;
using Sim.Report;

namespace Sim.Sweep;

/// <summary>
/// The special-function unit's accuracy against its cost, for any sweep whose points ran on it (their
/// <see cref="PointRecord.Sfu"/> figures, not the sweep's axis names): the largest absolute error over the SFU layers, on a
/// log scale, against the energy of one lookup (accuracy-energy.png) and against the unit's area (accuracy-area.png).
/// Colour is the table format, the marker the interpolation; the Pareto front (the points no other is both cheaper and
/// more accurate than) is drawn and its points named, so that an architect can pick a table.
/// </summary>
internal static class AccuracyPlots
{
    /// <summary>A cost a table is weighed by: its file, title, axis label and value.</summary>
    public sealed record Cost(string File, string Title, string Label, Func<SfuPointFigures, double> Of);

    public static readonly IReadOnlyList<Cost> Costs =
    [
        new("accuracy-energy.png", "SFU accuracy against energy per lookup", "SFU energy per lookup (pJ)", f => f.PjPerLookup),
        new("accuracy-area.png", "SFU accuracy against area", "SFU area (mm²)", f => f.AreaMm2),
    ];

    /// <summary>Nearest and linear (and any other) interpolation, in the order their names sort.</summary>
    private static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledTriangleUp, MarkerShape.FilledSquare, MarkerShape.FilledDiamond];

    /// <summary>Writes both plots into <paramref name="directory"/> when some point has SFU figures; returns the files written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<PointRecord> records, string directory)
    {
        var rows = Rows(records);
        if (rows.Count == 0)
            return [];
        var written = new List<string>();
        foreach (var cost in Costs)
        {
            string path = Path.Combine(directory, cost.File);
            AtomicFile.Write(path, Draw(rows, cost).GetImageBytes(SweepPlots.Width, SweepPlots.Height, ImageFormat.Png));
            written.Add(path);
        }
        return written;
    }

    /// <summary>The points the plots draw: those that ran on the SFU with an error above zero (a log axis has no zero).</summary>
    public static List<PointRecord> Rows(IReadOnlyList<PointRecord> records) => records.Where(r => r.Sfu is { MaxAbsError: > 0 }).ToList();

    /// <summary>
    /// The points no other beats on both <paramref name="cost"/> (lower) and error (lower), cheapest first. Points equal in
    /// both are all on it: a bf16 and an fp16 table can cost and err the same, and either is a choice.
    /// </summary>
    public static List<PointRecord> Front(IReadOnlyList<PointRecord> rows, Func<SfuPointFigures, double> cost)
    {
        var front = new List<PointRecord>();
        foreach (var r in rows.OrderBy(r => cost(r.Sfu!)).ThenBy(r => r.Sfu!.MaxAbsError).ThenBy(r => r.PointIndex))
            if (front.Count == 0 || r.Sfu!.MaxAbsError < front[^1].Sfu!.MaxAbsError
                || (r.Sfu.MaxAbsError == front[^1].Sfu!.MaxAbsError && cost(r.Sfu) == cost(front[^1].Sfu!)))
                front.Add(r);
        return front;
    }

    /// <summary>"256 bf16 linear": what a point's table is.</summary>
    public static string Label(SfuPointFigures f) => $"{f.LutEntries} {f.TableFormat} {f.Interpolation}";

    private static Plot Draw(List<PointRecord> rows, Cost cost)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Family);
        var formats = rows.Select(r => r.Sfu!.TableFormat).Distinct().Order(StringComparer.Ordinal).ToList();
        var interpolations = rows.Select(r => r.Sfu!.Interpolation).Distinct().Order(StringComparer.Ordinal).ToList();
        Color ColourOf(string format) => SweepPlots.Palette[formats.IndexOf(format) % SweepPlots.Palette.Length];
        MarkerShape ShapeOf(string interpolation) => Shapes[interpolations.IndexOf(interpolation) % Shapes.Length];

        foreach (var group in rows.GroupBy(r => (r.Sfu!.TableFormat, r.Sfu.Interpolation)))
        {
            var points = plot.Add.ScatterPoints(
                group.Select(r => cost.Of(r.Sfu!)).ToArray(), group.Select(r => Math.Log10(r.Sfu!.MaxAbsError)).ToArray());
            points.Color = ColourOf(group.Key.TableFormat).WithAlpha(0.8);
            points.MarkerShape = ShapeOf(group.Key.Interpolation);
            points.MarkerSize = 9;
        }
        var front = Front(rows, cost.Of);
        var line = plot.Add.Scatter(front.Select(r => cost.Of(r.Sfu!)).ToArray(), front.Select(r => Math.Log10(r.Sfu!.MaxAbsError)).ToArray());
        line.Color = Colors.Crimson;
        line.LineWidth = 2;
        line.MarkerSize = 12;
        line.MarkerShape = MarkerShape.OpenCircle;

        // One legend entry a format (colour) and an interpolation (shape), not one a combination.
        foreach (var format in formats)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"table format {format}", MarkerShape = MarkerShape.FilledSquare, MarkerColor = ColourOf(format), MarkerSize = 10 });
        foreach (var interpolation in interpolations)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = interpolation, MarkerShape = ShapeOf(interpolation), MarkerColor = ReportPlots.Ink, MarkerSize = 9 });
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = $"Pareto front ({front.Count})", LineColor = Colors.Crimson, LineWidth = 2,
            MarkerShape = MarkerShape.OpenCircle, MarkerColor = Colors.Crimson, MarkerSize = 12,
        });
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowFillStyle.IsVisible = false;
        // Beside the axes, where it hides no point.
        plot.ShowLegend(Edge.Right);

        double min = rows.Min(r => r.Sfu!.MaxAbsError), max = rows.Max(r => r.Sfu!.MaxAbsError);
        plot.Axes.Left.TickGenerator = LogTicks.Between(min, max);
        plot.Axes.Margins(0.2, 0.1);
        // Costs are positive: the axis starts at zero, so that a cost's ratio to another reads off the plot.
        plot.Axes.SetLimitsX(0, rows.Max(r => cost.Of(r.Sfu!)) * 1.12);
        plot.Grid.MajorLineColor = Color.FromHex("#dddddd");
        plot.Grid.MinorLineColor = Color.FromHex("#f0f0f0");
        plot.Grid.MinorLineWidth = 1;
        plot.Title(cost.Title);
        plot.XLabel(cost.Label);
        plot.YLabel("largest |error| over SFU layers (log scale)");
        // Only the front is named: the tables worth choosing between.
        PointLabels.Place(plot, front.Select(r => (Label(r.Sfu!), cost.Of(r.Sfu!), Math.Log10(r.Sfu!.MaxAbsError))).ToList(),
            SweepPlots.Width, SweepPlots.Height);
        return plot;
    }
}
