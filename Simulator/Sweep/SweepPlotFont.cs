namespace Sim.Sweep;

/// <summary>
/// The font of the sweep plots, loaded from its file: ScottPlot silently draws no text when it finds
/// no font, and a fresh Debian machine may have none registered. DejaVu Sans comes from Debian's
/// fonts-dejavu-core (installed by .ci/setup); SIM_PLOT_FONT may name another TrueType file.
/// </summary>
public static class SweepPlotFont
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
    ];

    private static readonly Lock Gate = new();
    private static bool _tried;
    private static string? _path;

    public const string Missing =
        "no font for the plots: install Debian's fonts-dejavu-core (bash .ci/setup) or set SIM_PLOT_FONT to a .ttf file; plots were not drawn";

    /// <summary>Registers the font with ScottPlot once; false when no font file exists.</summary>
    public static bool Load()
    {
        lock (Gate)
        {
            if (_tried) return _path != null;
            _tried = true;
            string[] candidates = Environment.GetEnvironmentVariable("SIM_PLOT_FONT") is { Length: > 0 } chosen ? [chosen] : Candidates;
            _path = candidates.FirstOrDefault(File.Exists);
            if (_path == null) return false;
            ScottPlot.Fonts.AddFontFile(Family, _path, bold: false, italic: false);
            string bold = Path.Combine(Path.GetDirectoryName(_path)!, "DejaVuSans-Bold.ttf");
            ScottPlot.Fonts.AddFontFile(Family, File.Exists(bold) ? bold : _path, bold: true, italic: false);
            ScottPlot.Fonts.Default = Family;
            return true;
        }
    }
}
