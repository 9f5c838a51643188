using System.Globalization;
using System.Text;

namespace Sim.Run;

/// <summary>The per-layer table `sim run` prints: plain aligned text, readable in a terminal and in a log.</summary>
internal static class LayerTable
{
    private static readonly string[] Header =
        ["layer", "type", "cycles", "compute", "DRAM stall", "link stall", "bound", "MACs", "util %", "DRAM GB/s", "bit-exact"];

    /// <param name="totalOnly">Only the header and the total row (a benchmark's summary).</param>
    public static string Format(RunSummary run, bool totalOnly = false)
    {
        var rows = new List<string[]> { Header };
        foreach (var l in totalOnly ? [] : run.Layers)
            rows.Add([
                l.Name, l.Type, Num(l.Cycles), Num(l.Timing.ComputeCycles), Num(l.Timing.DramStallCycles),
                Num(l.Timing.LinkStallCycles), l.Bound, Num(l.Macs),
                l.Macs == 0 ? "-" : (100 * l.Utilisation).ToString("0.0", CultureInfo.InvariantCulture),
                l.DramGBps.ToString("0.00", CultureInfo.InvariantCulture), l.BitExact ? "yes" : "NO",
            ]);
        rows.Add([
            "total", "", Num(run.TotalCycles), Num(run.Layers.Sum(l => l.Timing.ComputeCycles)),
            Num(run.Layers.Sum(l => l.Timing.DramStallCycles)), Num(run.Layers.Sum(l => l.Timing.LinkStallCycles)), "",
            Num(run.TotalMacs), "", "", run.AllBitExact ? "yes" : "NO",
        ]);

        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            if (r == rows.Count - 1 && r > 1) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
            for (int c = 0; c < widths.Length; c++)
            {
                // Names left-aligned, numbers right-aligned, as an architect scans a column of figures.
                string cell = c < 2 || c == 6 ? rows[r][c].PadRight(widths[c]) : rows[r][c].PadLeft(widths[c]);
                text.Append(cell).Append(c < widths.Length - 1 ? "  " : "");
            }
            text.AppendLine();
            if (r == 0) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        }
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"energy {run.EnergyPj / 1e6:#,0.###} uJ; area {run.Area.TotalMm2:0.###} mm2 at {run.Area.TechnologyNm} nm; {run.EffectiveTops:0.###} effective TOPS; " +
            $"{run.TopsPerWatt:0.###} TOPS/W; {run.PjPerMac:0.###} pJ/MAC; {run.InferencesPerSecondPerMm2:0.###} inferences/s per mm2"));
        return text.ToString();
    }

    private static string Num(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
