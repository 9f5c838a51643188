using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Sim.Report;

/// <summary>What a report build wrote, and what it could not do.</summary>
internal sealed record ReportResult(string IndexPath, IReadOnlyList<string> PlotFiles, IReadOnlyList<string> Warnings);

/// <summary>
/// Turns a run's folder into its report: reads the run's files back (<see cref="RunFiles"/>),
/// draws the plots into plots/ as PNG and SVG, and writes index.html. Every file is written under
/// a temporary name and renamed into place, the page last, so an interrupted build never leaves a
/// half-written file and the page never names a plot that is not there.
/// </summary>
internal static class ReportBuilder
{
    public const string IndexFile = "index.html", PlotsFolder = "plots";

    public static ReportResult Build(string directory)
    {
        var run = RunFiles.Read(directory);
        var warnings = new List<string>();
        if (run.TimelineTruncated) warnings.Add("the timeline stopped recording at its interval limit; later layers are missing from timeline.json");

        var rendered = new List<RenderedPlot>();
        var files = new List<string>();
        string plotsDir = Path.Combine(directory, PlotsFolder);
        if (PlotFont.Load())
        {
            Directory.CreateDirectory(plotsDir);
            // Each plot is drawn on its own, so they are drawn on every core; their files are written in order.
            var plots = ReportPlots.All(run);
            var images = new (byte[] Png, string Svg)[plots.Count];
            Parallel.For(0, plots.Count, i =>
                images[i] = (plots[i].Plot.GetImageBytes(plots[i].Width, plots[i].Height, ImageFormat.Png),
                    StableClipIds(plots[i].Plot.GetSvgXml(plots[i].Width, plots[i].Height))));
            for (int i = 0; i < plots.Count; i++)
            {
                var p = plots[i];
                var (png, svg) = images[i];
                string pngPath = Path.Combine(plotsDir, p.Name + ".png"), svgPath = Path.Combine(plotsDir, p.Name + ".svg");
                WriteAtomically(pngPath, png);
                WriteAtomically(svgPath, new UTF8Encoding(false).GetBytes(svg));
                files.Add(pngPath);
                files.Add(svgPath);
                rendered.Add(new RenderedPlot(p, png, $"{PlotsFolder}/{p.Name}.svg"));
                p.Plot.Dispose();
            }
            // A plot this run does not have (energy without energy.csv, say) must not linger from an earlier build.
            var drawn = rendered.Select(r => r.Plot.Name).ToHashSet();
            foreach (var name in new[] { "latency", "energy", "utilisation", "roofline", "bandwidth" }.Where(n => !drawn.Contains(n)))
                foreach (var ext in new[] { ".png", ".svg" })
                    File.Delete(Path.Combine(plotsDir, name + ext));
        }
        else
        {
            warnings.Add(PlotFont.Missing);
        }

        string index = Path.Combine(directory, IndexFile);
        WriteAtomically(index, new UTF8Encoding(false).GetBytes(HtmlReport.Render(run, rendered, warnings)));
        return new ReportResult(index, files, warnings);
    }

    /// <summary>
    /// Skia's SVG canvas names clip paths from a counter that lives as long as the process
    /// (cl_4, cl_2d, ...), so the second drawing of a plot would differ from the first in those
    /// names alone. Renumbered in order of appearance, the same plot gives the same bytes.
    /// </summary>
    public static string StableClipIds(string svg)
    {
        var names = new Dictionary<string, string>();
        return Regex.Replace(svg, @"(?<=id=""|url\(#)cl_[0-9a-f]+(?=["")])", m =>
        {
            if (!names.TryGetValue(m.Value, out var stable)) names[m.Value] = stable = $"clip{names.Count}";
            return stable;
        });
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
