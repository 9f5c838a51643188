using ScottPlot;

namespace Sim.Report;

/// <summary>
/// The font every plot is drawn with, loaded from its file rather than looked up by the system:
/// ScottPlot draws no text at all, silently, when it finds no font, and a fresh Debian machine may
/// have none registered. DejaVu Sans comes from Debian's fonts-dejavu-core (installed by
/// .ci/setup); SIM_PLOT_FONT may name another TrueType file.
/// </summary>
internal static class PlotFont
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Regular =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
    ];

    private static readonly object Lock = new();
    private static bool _loaded;

    /// <summary>The font file used, or null when none was found (the message says what to install).</summary>
    public static string? Path { get; private set; }

    public static string Missing =>
        "no font for the plots: install Debian's fonts-dejavu-core (bash .ci/setup) or set SIM_PLOT_FONT to a .ttf file; plots were not drawn";

    /// <summary>Registers the font with ScottPlot once; false when no font file exists.</summary>
    public static bool Load()
    {
        lock (Lock)
        {
            if (_loaded) return Path != null;
            _loaded = true;
            var candidates = Environment.GetEnvironmentVariable("SIM_PLOT_FONT") is { Length: > 0 } chosen ? [chosen] : Regular;
            Path = candidates.FirstOrDefault(File.Exists);
            if (Path == null) return false;
            Fonts.AddFontFile(Family, Path, bold: false, italic: false);
            string bold = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "DejaVuSans-Bold.ttf");
            Fonts.AddFontFile(Family, File.Exists(bold) ? bold : Path, bold: true, italic: false);
            Fonts.Default = Family;
            return true;
        }
    }
}
