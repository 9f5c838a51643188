using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Sim.Report;

/// <summary>What a report build wrote, and what it could not do.</summary>
internal sealed record ReportResult(string IndexPath, IReadOnlyList<string> PlotFiles, IReadOnlyList<string> Warnings);

/// <summary>
/// Turns a run's files (<see cref="RunFiles"/>) into its report: draws the plots into plots/ as PNG and SVG
/// and writes index.html, into a <see cref="ReportFolder"/>'s staging folder, so the report takes the old
/// one's place whole and the page never names a plot from another run.
/// </summary>
internal static class ReportBuilder
{
    public const string IndexFile = "index.html", PlotsFolder = "plots";

    /// <summary>`sim report DIR`: the folder's run files and whatever else it holds, with plots and page drawn anew, in its place.</summary>
    public static ReportResult Redraw(string directory, CancellationToken cancel = default)
    {
        var run = RunFiles.Read(directory);
        using var folder = ReportFolder.Stage(directory, "report folder");
        Copy(directory, folder.Staging, [PlotsFolder, IndexFile], cancel);
        var result = Draw(run, folder.Staging, cancel);
        cancel.ThrowIfCancellationRequested();
        folder.Commit();
        return result;
    }

    /// <summary>
    /// Draws <paramref name="run"/>'s plots and page into <paramref name="staging"/>; the paths returned are
    /// in <paramref name="run"/>'s folder, where the staging folder is to go.
    /// </summary>
    public static ReportResult Draw(RunFiles run, string staging, CancellationToken cancel = default)
    {
        var warnings = new List<string>();
        if (run.TimelineTruncated) warnings.Add("the timeline stopped recording at its interval limit; later layers are missing from timeline.json");

        var rendered = new List<RenderedPlot>();
        var files = new List<string>();
        if (PlotFont.Load())
        {
            Directory.CreateDirectory(Path.Combine(staging, PlotsFolder));
            // Each plot is drawn on its own, so they are drawn on every core; their files are written in order.
            var plots = ReportPlots.All(run);
            var images = new (byte[] Png, string Svg)[plots.Count];
            Parallel.For(0, plots.Count, new ParallelOptions { CancellationToken = cancel }, i =>
                images[i] = (plots[i].Plot.GetImageBytes(plots[i].Width, plots[i].Height, ImageFormat.Png),
                    StableClipIds(plots[i].Plot.GetSvgXml(plots[i].Width, plots[i].Height))));
            for (int i = 0; i < plots.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var p = plots[i];
                var (png, svg) = images[i];
                string pngFile = $"{PlotsFolder}/{p.Name}.png", svgFile = $"{PlotsFolder}/{p.Name}.svg";
                File.WriteAllBytes(Path.Combine(staging, pngFile), png);
                File.WriteAllText(Path.Combine(staging, svgFile), svg, Utf8);
                files.Add(Path.Combine(run.Directory, pngFile));
                files.Add(Path.Combine(run.Directory, svgFile));
                rendered.Add(new RenderedPlot(p, png, svgFile));
                p.Plot.Dispose();
            }
        }
        else
        {
            warnings.Add(PlotFont.Missing);
        }

        File.WriteAllText(Path.Combine(staging, IndexFile), HtmlReport.Render(run, rendered, warnings), Utf8);
        return new ReportResult(Path.Combine(run.Directory, IndexFile), files, warnings);
    }

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Copies <paramref name="from"/>'s files and folders into <paramref name="to"/>, but for those named <paramref name="skipped"/>.</summary>
    private static void Copy(string from, string to, string[] skipped, CancellationToken cancel)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            cancel.ThrowIfCancellationRequested();
            if (skipped.Contains(entry.Name)) continue;
            string copy = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(copy);
                Copy(entry.FullName, copy, [], cancel);
            }
            else
            {
                File.Copy(entry.FullName, copy);
            }
        }
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
}
