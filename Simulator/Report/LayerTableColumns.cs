using System.Globalization;

namespace Sim.Report;

/// <summary>How the page shows a layers.csv value.</summary>
internal enum CellFormat
{
    /// <summary>As written: names, formats, mappings.</summary>
    Text,
    /// <summary>A whole number with thousands separators; summed in the totals row.</summary>
    Whole,
    /// <summary>A fraction of one, as a percentage with one decimal.</summary>
    Percent,
    /// <summary>A rate with two decimals.</summary>
    Rate,
    /// <summary>Microjoules to the nanojoule; summed in the totals row.</summary>
    Energy,
    /// <summary>A number as written (errors, which may be tiny).</summary>
    Number,
    /// <summary>true/false as yes/NO.</summary>
    Flag,
}

/// <summary>A layers.csv column as the page heads it: its CSV name, a header for people (with its unit), and its format.</summary>
internal sealed record TableColumn(string Name, string Header, CellFormat Format);

/// <summary>Columns that belong together, shown as one table under one heading.</summary>
internal sealed record ColumnGroup(string Title, IReadOnlyList<TableColumn> Columns);

/// <summary>
/// The page's layer tables: layers.csv's columns in groups, with headers for people. A column that layers.csv
/// carries and no group names (written by a newer sim) goes into a last group under its CSV name, as written.
/// </summary>
internal static class LayerTableColumns
{
    public static readonly IReadOnlyList<ColumnGroup> Groups =
    [
        new("Layer", [
            new("type", "type", CellFormat.Text), new("unit", "unit", CellFormat.Text), new("bound", "bound by", CellFormat.Text),
            new("stationary", "held in the array", CellFormat.Text), new("fused_into", "fused into", CellFormat.Text),
            new("output_on_chip", "output on chip", CellFormat.Flag), new("mapping", "mapping", CellFormat.Text),
        ]),
        new("Time (core cycles)", [
            new("cycles", "total", CellFormat.Whole), new("compute_cycles", "compute", CellFormat.Whole),
            new("dram_stall_cycles", "DRAM stall", CellFormat.Whole), new("link_stall_cycles", "link stall", CellFormat.Whole),
            new("idle_cycles", "idle", CellFormat.Whole), new("overlap_cycles", "overlap with neighbours", CellFormat.Whole),
            new("scratchpad_conflict_cycles", "bank conflicts (in compute)", CellFormat.Whole),
            new("dram_busy_cycles", "DRAM busy at peak (bound)", CellFormat.Whole),
        ]),
        new("PE array", [
            new("macs", "MACs", CellFormat.Whole), new("utilisation", "utilisation (%)", CellFormat.Percent),
            new("mapping_loss", "mapping loss (%)", CellFormat.Percent), new("stall_loss", "stall loss (%)", CellFormat.Percent),
            new("tiles", "tiles", CellFormat.Whole),
        ]),
        new("Device memory (DRAM)", [
            new("dram_bytes_read", "read (bytes)", CellFormat.Whole), new("dram_bytes_written", "written (bytes)", CellFormat.Whole),
            new("dram_bytes_minimum", "minimum (bytes)", CellFormat.Whole), new("dram_gbps", "bandwidth (GB/s)", CellFormat.Rate),
            new("dram_row_hit_rate", "row hits (%)", CellFormat.Percent), new("dram_activates", "activates", CellFormat.Whole),
            new("dram_refreshes", "refreshes", CellFormat.Whole),
        ]),
        new("Host link", [
            new("link_bytes_to_device", "to device (bytes)", CellFormat.Whole), new("link_bytes_to_host", "to host (bytes)", CellFormat.Whole),
        ]),
        new("Energy and numerics", [
            new("energy_uj", "energy (µJ)", CellFormat.Energy), new("bit_exact", "bit-exact", CellFormat.Flag),
            new("format", "formats", CellFormat.Text), new("max_abs_error", "max abs error", CellFormat.Number),
            new("max_ulp_error", "max error (ULP)", CellFormat.Number),
        ]),
        new("Sparsity", [
            new("macs_active", "MACs multiplied", CellFormat.Whole), new("macs_gated", "MACs gated", CellFormat.Whole),
            new("macs_repeated", "repeated operand", CellFormat.Whole), new("vectors_skipped", "vectors skipped", CellFormat.Whole),
            new("structured_2_4", "2:4 weights", CellFormat.Flag),
        ]),
    ];

    /// <summary>The groups for a layers.csv header: each known column it has, then the ones no group names.</summary>
    public static List<ColumnGroup> For(IReadOnlyList<string> header)
    {
        var groups = Groups.Select(g => g with { Columns = g.Columns.Where(c => header.Contains(c.Name)).ToList() })
            .Where(g => g.Columns.Count > 0).ToList();
        var known = Groups.SelectMany(g => g.Columns).Select(c => c.Name).Append("name").ToHashSet();
        var other = header.Where(h => !known.Contains(h)).Select(h => new TableColumn(h, h, CellFormat.Text)).ToList();
        if (other.Count > 0) groups.Add(new ColumnGroup("Other", other));
        return groups;
    }

    /// <summary>A layers.csv value as the page shows it: "–" where it does not apply, as written where it is not the number its column holds.</summary>
    public static string Show(TableColumn column, string value)
    {
        if (value.Length == 0) return "–";
        var c = CultureInfo.InvariantCulture;
        bool number = double.TryParse(value, NumberStyles.Float, c, out double v);
        return column.Format switch
        {
            CellFormat.Whole when long.TryParse(value, NumberStyles.AllowLeadingSign, c, out long whole) => whole.ToString("#,0", c),
            CellFormat.Percent when number => (100 * v).ToString("0.0", c),
            CellFormat.Rate when number => v.ToString("#,0.00", c),
            CellFormat.Energy when number => v.ToString("#,0.000", c),
            CellFormat.Flag when value is "true" => "yes",
            CellFormat.Flag when value is "false" => "NO",
            _ => value,
        };
    }
}
