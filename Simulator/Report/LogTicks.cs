using System.Globalization;
using ScottPlot.TickGenerators;

namespace Sim.Report;

/// <summary>
/// Ticks for an axis that plots log10 of its values (ScottPlot 5 has no log axis): a labelled tick at each power of ten,
/// minor ticks at 2..9 of each decade.
/// </summary>
internal static class LogTicks
{
    public static NumericManual Between(double min, double max)
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
}
