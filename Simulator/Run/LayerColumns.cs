using System.Globalization;

namespace Sim.Run;

/// <summary>
/// The per-layer figures of a report, named once, so that summary.json and layers.csv always
/// carry the same fields in the same order.
/// </summary>
internal static class LayerColumns
{
    /// <summary>A column: its name and its value for a layer (a string, a whole number, a fraction, a flag, or null where it does not apply).</summary>
    public sealed record Column(string Name, Func<LayerResult, object?> Value);

    public static readonly IReadOnlyList<Column> All =
    [
        new("name", l => l.Name),
        new("type", l => l.Type),
        new("unit", l => l.Unit),
        new("cycles", l => l.Cycles),
        new("bound", l => l.Bound),
        new("dram_busy_cycles", l => l.DramBusyCycles),
        new("compute_cycles", l => l.Timing.ComputeCycles),
        new("dram_stall_cycles", l => l.Timing.DramStallCycles),
        new("link_stall_cycles", l => l.Timing.LinkStallCycles),
        new("idle_cycles", l => l.Timing.IdleCycles),
        new("overlap_cycles", l => l.Timing.OverlapCycles),
        new("scratchpad_conflict_cycles", l => l.Timing.ConflictCycles),
        new("macs", l => l.Macs),
        new("utilisation", l => Math.Round(l.Utilisation, 6)),
        new("mapping_loss", l => l.Split is { } s ? Math.Round(s.MappingLoss, 6) : null),
        new("stall_loss", l => l.Split is { } s ? Math.Round(s.StallLoss, 6) : null),
        new("tiles", l => (long)l.Tiles),
        new("dram_bytes_read", l => l.DramBytesRead),
        new("dram_bytes_written", l => l.DramBytesWritten),
        new("dram_bytes_minimum", l => l.DramBytesMinimum),
        new("dram_gbps", l => Math.Round(l.DramGBps, 4)),
        new("dram_row_hit_rate", l => l.Dram is { } d ? Math.Round(d.RowHitRate, 4) : null),
        new("dram_activates", l => l.Dram?.Activates),
        new("dram_refreshes", l => l.Dram?.Refreshes),
        new("link_bytes_to_device", l => l.LinkBytesToDevice),
        new("link_bytes_to_host", l => l.LinkBytesToHost),
        new("energy_uj", l => Math.Round(l.Energy.TotalPj / 1e6, 6)),
        new("bit_exact", l => l.BitExact),
        new("format", l => l.Format),
        new("max_abs_error", l => Math.Round(l.MaxAbsError, 9)),
        new("max_ulp_error", l => Math.Round(l.MaxUlpError, 6)),
        new("macs_active", l => l.MacsActive),
        new("macs_gated", l => l.MacsGated),
        new("macs_repeated", l => l.MacsRepeated),
        new("vectors_skipped", l => l.VectorsSkipped),
        new("structured_2_4", l => l.Structured24),
        new("stationary", l => l.Unit != "pe_array" ? null : l.WeightsStream ? "activations" : "weights"),
        new("fused_into", l => l.FusedInto),
        new("output_on_chip", l => l.OutputOnChip),
        new("mapping", l => l.Mapping),
    ];

    /// <summary>A value as CSV text: invariant culture, booleans in lower case.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
