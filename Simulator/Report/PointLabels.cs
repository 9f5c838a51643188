using ScottPlot;

namespace Sim.Report;

/// <summary>
/// Names points that may crowd together, without two names overlapping: each label goes right of its point (left
/// of it where it would leave the axes), moved down just enough to clear the labels placed before it, in pixels
/// from a first layout of the plot, with a thin leader line when it moved.
/// </summary>
internal static class PointLabels
{
    private const float FontSize = 11, Gap = 8, Air = 2;

    public static void Place(Plot plot, List<(string Name, double X, double Y)> points, int width, int height)
    {
        plot.RenderInMemory(width, height);
        var area = plot.RenderManager.LastRender.DataRect;
        using var paint = Paint.NewDisposablePaint();
        var placed = new List<PixelRect>();
        foreach (var p in points.Select(p => (p.Name, p.X, p.Y, Pixel: plot.GetPixel(new Coordinates(p.X, p.Y))))
                     .OrderBy(p => p.Pixel.Y).ThenBy(p => p.Pixel.X))
        {
            var size = new LabelStyle { Text = p.Name, FontSize = FontSize, FontName = PlotFont.Family }.Measure(paint).Size;
            bool right = p.Pixel.X + Gap + size.Width <= area.Right;
            float left = right ? p.Pixel.X + Gap : p.Pixel.X - Gap - size.Width, y = p.Pixel.Y;
            PixelRect Box(float centre) => new(left - Air, left + size.Width + Air, centre + size.Height / 2 + Air, centre - size.Height / 2 - Air);
            while (placed.FirstOrDefault(b => Overlap(b, Box(y))) is { Width: > 0 } hit)
                y = hit.Bottom + size.Height / 2 + Air + 1;
            placed.Add(Box(y));
            var at = plot.GetCoordinates(new Pixel(right ? left : left + size.Width, y));
            if (y - p.Pixel.Y > 3)
            {
                var leader = plot.Add.Line(p.X, p.Y, at.X, at.Y);
                leader.LineColor = Color.FromHex("#999999");
                leader.LineWidth = 0.8f;
            }
            ReportPlots.Note(plot, p.Name, at.X, at.Y, right ? Alignment.MiddleLeft : Alignment.MiddleRight, ReportPlots.Ink, FontSize);
        }
    }

    private static bool Overlap(PixelRect a, PixelRect b) => a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
}
