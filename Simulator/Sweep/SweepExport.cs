using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sim.Report;

namespace Sim.Sweep;

/// <summary>A sweep database as CSV: one row per point, its axis values, totals, the SFU's cost and accuracy, and each layer's cycles and energy.</summary>
internal static class SweepExport
{
    public static void WriteCsv(IReadOnlyList<PointRecord> records, string path)
    {
        var axes = AxisNames(records);
        var layers = new List<string>();
        foreach (var r in records)
            foreach (var l in JsonNode.Parse(r.LayersJson)!.AsArray())
                if (!layers.Contains(l!["name"]!.GetValue<string>()))
                    layers.Add(l!["name"]!.GetValue<string>());

        var sb = new StringBuilder();
        var header = new List<string> { "key", "point_index" };
        header.AddRange(axes);
        header.AddRange(["total_cycles", "latency_us", "energy_uj", "area_mm2", "tops_per_watt",
            "sfu_lut_entries", "sfu_interpolation", "sfu_table_format", "sfu_area_mm2", "sfu_pj_per_lookup", "sfu_max_abs_error",
            "sfu_max_ulp_error", "bit_exact", "wall_seconds"]);
        header.AddRange(layers.Select(l => $"cycles:{l}"));
        header.AddRange(layers.Select(l => $"energy_uj:{l}"));
        sb.AppendJoin(',', header.Select(Escape)).Append('\n');
        foreach (var r in records)
        {
            var axisValues = JsonNode.Parse(r.AxesJson)!.AsObject();
            var byLayer = JsonNode.Parse(r.LayersJson)!.AsArray().ToDictionary(l => l!["name"]!.GetValue<string>(), l => l!);
            var row = new List<string> { r.Key, r.PointIndex.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(axes.Select(a => axisValues.TryGetPropertyValue(a, out var v) ? Text(v) : ""));
            row.Add(r.TotalCycles.ToString(CultureInfo.InvariantCulture));
            row.Add(r.LatencyUs.ToString("R", CultureInfo.InvariantCulture));
            row.Add(r.EnergyUj.ToString("R", CultureInfo.InvariantCulture));
            row.Add(r.AreaMm2.ToString("R", CultureInfo.InvariantCulture));
            row.Add(r.TopsPerWatt.ToString("R", CultureInfo.InvariantCulture));
            // Empty for a run without the special-function unit.
            row.AddRange([r.Sfu?.LutEntries.ToString(CultureInfo.InvariantCulture) ?? "", r.Sfu?.Interpolation ?? "", r.Sfu?.TableFormat ?? ""]);
            row.AddRange(new[] { r.Sfu?.AreaMm2, r.Sfu?.PjPerLookup, r.Sfu?.MaxAbsError, r.Sfu?.MaxUlpError }
                .Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? ""));
            row.Add(r.BitExact ? "true" : "false");
            row.Add(r.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            row.AddRange(layers.Select(l => byLayer.TryGetValue(l, out var n) ? n["cycles"]!.ToJsonString() : ""));
            row.AddRange(layers.Select(l => byLayer.TryGetValue(l, out var n) ? n["energy_uj"]!.ToJsonString() : ""));
            sb.AppendJoin(',', row.Select(Escape)).Append('\n');
        }
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>The axis names, in the order of the first point that has each.</summary>
    public static List<string> AxisNames(IEnumerable<PointRecord> records)
    {
        var names = new List<string>();
        foreach (var r in records)
            foreach (var (name, _) in JsonNode.Parse(r.AxesJson)!.AsObject())
                if (!names.Contains(name)) names.Add(name);
        return names;
    }

    /// <summary>An axis value as text: a string as it is, anything else as JSON.</summary>
    public static string Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "null";

    private static string Escape(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
