namespace Sim.Scenarios.ScaleSim;

/// <summary>One comma-separated cell of a line, trimmed, with the 1-based column where its text starts (for errors).</summary>
internal sealed record CsvCell(string Text, int Column)
{
    /// <summary>
    /// The cells of <paramref name="line"/>. SCALE-Sim ends every row with a comma and drops what follows it, so one
    /// blank cell at the end is not a cell; a row without the comma reads the same. Cells are not quoted: SCALE-Sim
    /// splits at every comma.
    /// </summary>
    public static IReadOnlyList<CsvCell> Split(string line)
    {
        var cells = new List<CsvCell>();
        int start = 0;
        while (true)
        {
            int comma = line.IndexOf(',', start);
            int end = comma < 0 ? line.Length : comma;
            string raw = line[start..end];
            // A blank cell is placed where it starts, a filled one where its text does.
            int lead = raw.Trim().Length == 0 ? 0 : raw.Length - raw.TrimStart().Length;
            cells.Add(new CsvCell(raw.Trim(), start + lead + 1));
            if (comma < 0) break;
            start = comma + 1;
        }
        if (cells.Count > 1 && cells[^1].Text.Length == 0)
            cells.RemoveAt(cells.Count - 1);
        return cells;
    }
}
