using System.Globalization;

namespace Sim.Cosim;

/// <summary>
/// Verilator's line and toggle coverage of one run, read from its coverage file (<see cref="RtlArray.WriteCoverage"/>).
/// Each counter there is a line <c>C '&lt;fields&gt;' &lt;count&gt;</c>, its fields key/value pairs separated by the bytes 1 and
/// 2; the <c>page</c> field starts <c>v_line/</c> or <c>v_toggle/</c>. A point counts as covered when its count is
/// above zero, as <c>verilator_coverage</c> ranks them.
/// </summary>
internal sealed record CodeCoverage(int LinesHit, int Lines, int TogglesHit, int Toggles)
{
    public static CodeCoverage Read(string path)
    {
        int linesHit = 0, lines = 0, togglesHit = 0, toggles = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("C '", StringComparison.Ordinal)) continue;
            int close = line.LastIndexOf('\'');
            bool hit = long.Parse(line.AsSpan(close + 1).Trim(), CultureInfo.InvariantCulture) > 0;
            string page = Field(line.AsSpan(3, close - 3), "page");
            if (page.StartsWith("v_line/", StringComparison.Ordinal)) { lines++; if (hit) linesHit++; }
            else if (page.StartsWith("v_toggle/", StringComparison.Ordinal)) { toggles++; if (hit) togglesHit++; }
        }
        return new CodeCoverage(linesHit, lines, togglesHit, toggles);
    }

    private static string Field(ReadOnlySpan<char> fields, string key)
    {
        foreach (var range in fields.Split('\u0001'))
        {
            var pair = fields[range];
            int separator = pair.IndexOf('\u0002');
            if (separator > 0 && pair[..separator].SequenceEqual(key)) return pair[(separator + 1)..].ToString();
        }
        return "";
    }

    public double LineFraction => Lines == 0 ? 1 : (double)LinesHit / Lines;
    public double ToggleFraction => Toggles == 0 ? 1 : (double)TogglesHit / Toggles;

}
